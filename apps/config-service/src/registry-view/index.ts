// The registry view feature's public surface.
export { acceptCsvBodies } from './preauthorizations/csv-body';
export { RegistryCommands } from './registry-commands/registry-commands';
export { RegistryViewModule } from './registry-view.module';
