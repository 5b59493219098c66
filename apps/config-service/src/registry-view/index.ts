// The registry view feature's public surface.
export { RegistryViewModule } from './registry-view.module';
