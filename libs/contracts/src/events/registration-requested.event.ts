import { IsObject, IsOptional } from 'class-validator';
import type { HardwareInfo } from '../flotta/models';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/** An approved device registered (or renewed its certificate) with its hardware. Published by the gateway. */
export class RegistrationRequestedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  /** The namespace of the path; the registry's own namespace wins. */
  @IsNamespace()
  namespace!: string;

  @IsOptional()
  @IsObject()
  hardware?: HardwareInfo;
}
