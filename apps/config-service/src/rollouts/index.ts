// The rollouts feature's public surface: its module (the gate registers itself with the serving feature).
export { RolloutsModule } from './rollouts.module';
