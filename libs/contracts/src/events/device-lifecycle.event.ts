import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { HardwareInfo } from '../flotta/models';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

export const DEVICE_STATES = ['pending', 'approved', 'rejected', 'registered', 'decommissioned'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const REGISTRY_LIFECYCLE_TYPES = [
  'enrolled',
  'approved',
  'rejected',
  'registered',
  'labels-changed',
  'decommissioned',
] as const;
export const PRESENCE_STATES = ['online', 'late', 'offline'] as const;
export type Presence = (typeof PRESENCE_STATES)[number];
export const LIFECYCLE_TYPES = [...REGISTRY_LIFECYCLE_TYPES, ...PRESENCE_STATES, 'sync-changed'] as const;
export type LifecycleType = (typeof LIFECYCLE_TYPES)[number];

/** The registry's view of a device after a change. */
export class DeviceSnapshot {
  @IsDeviceId()
  deviceId!: string;

  /** Where the device lives: the approved namespace, or the requested one while pending. */
  @IsNamespace()
  namespace!: string;

  @IsNamespace()
  requestedNamespace!: string;

  @IsIn(DEVICE_STATES)
  state!: DeviceState;

  /** Increases with every change of the device in the registry; readers keep the highest. */
  @IsInt()
  @Min(1)
  revision!: number;

  @IsObject()
  labels!: Record<string, string>;

  @IsOptional()
  @IsObject()
  hardware?: HardwareInfo | null;

  @IsISO8601()
  enrolledAt!: string;

  @IsOptional()
  @IsISO8601()
  decidedAt?: string | null;

  @IsOptional()
  @IsString()
  decidedBy?: string | null;

  @IsOptional()
  @IsString()
  decisionReason?: string | null;

  @IsOptional()
  @IsISO8601()
  registeredAt?: string | null;

  @IsOptional()
  @IsISO8601()
  decommissionedAt?: string | null;
}

/** A device's presence as the heartbeat worker judged it. */
export class PresenceChange {
  @IsIn(PRESENCE_STATES)
  presence!: Presence;

  @IsISO8601()
  lastSeenAt!: string;

  @IsInt()
  @Min(1)
  periodSeconds!: number;
}

/** Whether a device runs the configuration rendered for it, as its last heartbeat showed. */
export class SyncChange {
  @IsBoolean()
  inSync!: boolean;

  @IsOptional()
  @IsString()
  reportedVersion!: string | null;

  @IsOptional()
  @IsString()
  desiredVersion!: string | null;
}

const isPresenceChange = (event: DeviceLifecycleEvent): boolean =>
  (PRESENCE_STATES as readonly string[]).includes(event.type);

const isRegistryChange = (event: DeviceLifecycleEvent): boolean =>
  (REGISTRY_LIFECYCLE_TYPES as readonly string[]).includes(event.type);

/**
 * Every change of a device's life. Registry changes (`enrolled` … `decommissioned`) come from the
 * registration worker through its outbox and carry the registry snapshot; presence changes (`online`, `late`,
 * `offline`) and `sync-changed` come from the heartbeat worker and carry `presence` or `sync`.
 */
export class DeviceLifecycleEvent extends EventEnvelope {
  @IsIn(LIFECYCLE_TYPES)
  type!: LifecycleType;

  @IsDeviceId()
  deviceId!: string;

  @IsNamespace()
  namespace!: string;

  @ValidateIf(isRegistryChange)
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceSnapshot)
  device?: DeviceSnapshot;

  @ValidateIf(isPresenceChange)
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PresenceChange)
  presence?: PresenceChange;

  @ValidateIf((event: DeviceLifecycleEvent) => event.type === 'sync-changed')
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SyncChange)
  sync?: SyncChange;
}
