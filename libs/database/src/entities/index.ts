import { AutoApprovalRuleEntity } from './auto-approval-rule.entity';
import { ConfigMapEntity } from './config-map.entity';
import { DeviceConfigurationEntity } from './device-configuration.entity';
import { DeviceSetEntity } from './device-set.entity';
import { DeviceSpecEntity } from './device-spec.entity';
import { DeviceStatusEntity } from './device-status.entity';
import { DeviceViewEntity } from './device-view.entity';
import { DeviceEntity } from './device.entity';
import { PlaybookExecutionEntity } from './playbook-execution.entity';
import { RegistrationOutboxEntity } from './registration-outbox.entity';
import { SecretEntity } from './secret.entity';
import { WorkloadEntity } from './workload.entity';

export {
  AutoApprovalRuleEntity,
  ConfigMapEntity,
  DeviceConfigurationEntity,
  DeviceEntity,
  DeviceSetEntity,
  DeviceSpecEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  PlaybookExecutionEntity,
  RegistrationOutboxEntity,
  SecretEntity,
  WorkloadEntity,
};

export const ENTITIES = [
  DeviceEntity,
  RegistrationOutboxEntity,
  AutoApprovalRuleEntity,
  DeviceViewEntity,
  DeviceStatusEntity,
  WorkloadEntity,
  DeviceSetEntity,
  DeviceSpecEntity,
  ConfigMapEntity,
  SecretEntity,
  PlaybookExecutionEntity,
  DeviceConfigurationEntity,
];
