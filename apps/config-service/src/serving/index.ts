// The serving feature's public surface: rendering, which every catalogue and registry write ends with.
export {
  FINAL_PLAYBOOK_STATES,
  reportedStatuses,
  unfinished,
  type ReportedStatus,
} from './playbook-status/reported-statuses';
export { RegistryReadsServer } from './registry-reads/registry-reads.server';
export { CatalogueLoader, secretContext } from './rendering/catalogue-loader';
export { MEMBER_OF_LABEL, type ConfigSpec, type WorkloadSpec } from './rendering/catalogue.types';
export {
  ConfigurationStore,
  SERVED_STATES,
  lockNamespace,
  type RenderGate,
  type ServedConfiguration,
} from './rendering/configuration-store';
export { targetOf, type Target } from './rendering/device-selector';
export { whereLabels } from './rendering/label-selector.sql';
export {
  configSpecReferences,
  referenceProblems,
  workloadReferences,
  type Reference,
} from './rendering/references';
export { ServingModule } from './serving.module';
