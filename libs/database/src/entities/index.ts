import { AutoApprovalRuleEntity } from './auto-approval-rule.entity';
import { DeviceStatusEntity } from './device-status.entity';
import { DeviceViewEntity } from './device-view.entity';
import { DeviceEntity } from './device.entity';
import { RegistrationOutboxEntity } from './registration-outbox.entity';

export {
  AutoApprovalRuleEntity,
  DeviceEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  RegistrationOutboxEntity,
};

export const ENTITIES = [
  DeviceEntity,
  RegistrationOutboxEntity,
  AutoApprovalRuleEntity,
  DeviceViewEntity,
  DeviceStatusEntity,
];
