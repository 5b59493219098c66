import { IsIn, IsISO8601, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { HardwareInfo } from '../flotta/models';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

export const IMPORTED_STATES = ['pending', 'approved', 'registered'] as const;
export type ImportedState = (typeof IMPORTED_STATES)[number];

/**
 * A device of a fleet moving over from the CRD backend (an EdgeDevice: registered; an EdgeDeviceSignedRequest:
 * pending or approved), to be taken into the registry as it was there, so it does not enrol again.
 */
export class DeviceImportRequestedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  /** Where the device lives: the EdgeDevice's namespace, or the request's target namespace. */
  @IsNamespace()
  namespace!: string;

  /** The namespace it asked for (upstream's EdgeDeviceSignedRequest spec.targetNamespace). */
  @IsNamespace()
  requestedNamespace!: string;

  @IsIn(IMPORTED_STATES)
  state!: ImportedState;

  @IsObject()
  labels!: Record<string, string>;

  @IsOptional()
  @IsObject()
  hardware?: HardwareInfo | null;

  /** When the device first asked to join (creation time of the upstream object). */
  @IsISO8601()
  enrolledAt!: string;

  @IsString()
  @MaxLength(253)
  importedBy!: string;
}
