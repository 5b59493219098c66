import { IsObject } from 'class-validator';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/**
 * A heartbeat's hardware derives other `device.*` labels than the device has (upstream re-derives them from every
 * heartbeat). Published by the heartbeat worker only when they differ, so most heartbeats cost the registry
 * nothing; the registry merges them into the device's labels.
 */
export class HardwareLabelsReportedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  /** The labels derived from the device's merged hardware profile (`device.hostname`, ...). */
  @IsObject()
  labels!: Record<string, string>;
}
