import { IsString, MaxLength } from 'class-validator';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/** An operator decommissioned a device; it will be told `unregistered` and wipe itself. */
export class DecommissionRequestedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  @IsString()
  @MaxLength(253)
  requestedBy!: string;
}
