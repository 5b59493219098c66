import { IsObject, IsOptional } from 'class-validator';
import type { EnrolmentInfo } from '../flotta/models';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/** A device asked to join, in `namespace` (the namespace it asked for). Published by the gateway. */
export class EnrolmentRequestedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  /** The enrolment-info body as received. */
  @IsOptional()
  @IsObject()
  enrolmentInfo?: EnrolmentInfo;
}
