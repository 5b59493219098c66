import { IsISO8601, IsObject } from 'class-validator';
import type { Heartbeat } from '../flotta/models';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/** A heartbeat as the Edge API sent it. Published by the gateway. */
export class HeartbeatReceivedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  /** When the gateway received it (ISO-8601 UTC). */
  @IsISO8601({ strict: true })
  receivedAt!: string;

  @IsObject()
  heartbeat!: Heartbeat;
}
