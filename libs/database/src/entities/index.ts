import { ApiTokenEntity } from './api-token.entity';
import { AppliedCommandEntity } from './applied-command.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AutoApprovalRuleEntity } from './auto-approval-rule.entity';
import { ConfigMapEntity } from './config-map.entity';
import { DesiredConfigurationEntity } from './desired-configuration.entity';
import { DeviceConfigurationEntity } from './device-configuration.entity';
import { DeviceEventEntity } from './device-event.entity';
import { DevicePreauthorizationEntity } from './device-preauthorization.entity';
import { DeviceSetEntity } from './device-set.entity';
import { DeviceSpecEntity } from './device-spec.entity';
import { DeviceStatusEntity } from './device-status.entity';
import { DeviceViewEntity } from './device-view.entity';
import { DeviceEntity } from './device.entity';
import { PlaybookExecutionStatusEntity } from './playbook-execution-status.entity';
import { PlaybookExecutionEntity } from './playbook-execution.entity';
import { PreauthorizationUseEntity } from './preauthorization-use.entity';
import { RateLimitBucketEntity } from './rate-limit-bucket.entity';
import { RecordingPolicyEntity } from './recording-policy.entity';
import { RegistrationOutboxEntity } from './registration-outbox.entity';
import { RegistryCommandOutboxEntity } from './registry-command-outbox.entity';
import { RolloutDeviceEntity } from './rollout-device.entity';
import { RolloutPolicyEntity } from './rollout-policy.entity';
import { RolloutEntity } from './rollout.entity';
import { SecretEntity } from './secret.entity';
import { WorkloadEntity } from './workload.entity';

export { AUDIT_OUTCOMES, type AuditOutcome } from './audit-entry.entity';
export { NamespacedResourceEntity } from './namespaced-resource.entity';
export type { PlaybookCondition } from './playbook-execution-status.entity';
export type { RolloutDeviceState } from './rollout-device.entity';
export type { RolloutPolicyBatch } from './rollout-policy.entity';
export {
  ACTIVE_ROLLOUT_STATES,
  ROLLOUT_STATES,
  type RolloutBatchPlan,
  type RolloutChange,
  type RolloutState,
} from './rollout.entity';
export {
  ApiTokenEntity,
  AppliedCommandEntity,
  AuditEntryEntity,
  AutoApprovalRuleEntity,
  ConfigMapEntity,
  DesiredConfigurationEntity,
  DeviceConfigurationEntity,
  DeviceEntity,
  DeviceEventEntity,
  DevicePreauthorizationEntity,
  DeviceSetEntity,
  DeviceSpecEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  PlaybookExecutionEntity,
  PlaybookExecutionStatusEntity,
  PreauthorizationUseEntity,
  RateLimitBucketEntity,
  RecordingPolicyEntity,
  RegistrationOutboxEntity,
  RegistryCommandOutboxEntity,
  RolloutDeviceEntity,
  RolloutEntity,
  RolloutPolicyEntity,
  SecretEntity,
  WorkloadEntity,
};

export const ENTITIES = [
  DeviceEntity,
  RegistrationOutboxEntity,
  AutoApprovalRuleEntity,
  DeviceViewEntity,
  DeviceStatusEntity,
  DeviceEventEntity,
  RecordingPolicyEntity,
  WorkloadEntity,
  DeviceSetEntity,
  DeviceSpecEntity,
  ConfigMapEntity,
  SecretEntity,
  PlaybookExecutionEntity,
  PlaybookExecutionStatusEntity,
  DeviceConfigurationEntity,
  DesiredConfigurationEntity,
  AuditEntryEntity,
  ApiTokenEntity,
  DevicePreauthorizationEntity,
  PreauthorizationUseEntity,
  RateLimitBucketEntity,
  RolloutPolicyEntity,
  RolloutEntity,
  RolloutDeviceEntity,
  RegistryCommandOutboxEntity,
  AppliedCommandEntity,
];
