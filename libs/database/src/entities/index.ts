import { AutoApprovalRuleEntity } from './auto-approval-rule.entity';
import { DeviceEventEntity } from './device-event.entity';
import { DeviceStatusEntity } from './device-status.entity';
import { DeviceViewEntity } from './device-view.entity';
import { DeviceEntity } from './device.entity';
import { RecordingPolicyEntity } from './recording-policy.entity';
import { RegistrationOutboxEntity } from './registration-outbox.entity';

export { RECORDING_POLICIES, type RecordingPolicy } from './recording-policy.entity';
export {
  AutoApprovalRuleEntity,
  DeviceEntity,
  DeviceEventEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  RecordingPolicyEntity,
  RegistrationOutboxEntity,
};

export const ENTITIES = [
  DeviceEntity,
  RegistrationOutboxEntity,
  AutoApprovalRuleEntity,
  DeviceViewEntity,
  DeviceStatusEntity,
  DeviceEventEntity,
  RecordingPolicyEntity,
];
