import { IsObject, IsString, MaxLength } from 'class-validator';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/** An operator set a device's labels: keys mapped to a string are set, keys mapped to null are removed. */
export class LabelsChangeRequestedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  @IsObject()
  labels!: Record<string, string | null>;

  @IsString()
  @MaxLength(253)
  requestedBy!: string;
}
