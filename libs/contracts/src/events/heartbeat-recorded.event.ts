import { IsISO8601, IsObject } from 'class-validator';
import type { Heartbeat } from '../flotta/models';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

/**
 * A recorded heartbeat, on the public `device.heartbeat.v1` topic (key `<namespace>/<deviceId>`). `eventId` is
 * the id the gateway gave the heartbeat: stable across redeliveries, so consumers can drop repeats by it.
 */
export class HeartbeatRecordedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  @IsISO8601({ strict: true })
  receivedAt!: string;

  @IsObject()
  heartbeat!: Heartbeat;
}
