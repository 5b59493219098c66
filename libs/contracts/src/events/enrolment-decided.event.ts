import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDeviceId, IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

export const ENROLMENT_DECISIONS = ['approved', 'rejected'] as const;
export type EnrolmentDecision = (typeof ENROLMENT_DECISIONS)[number];

/** An operator (or an auto-approval rule) decided on an enrolment. */
export class EnrolmentDecidedEvent extends EventEnvelope {
  @IsDeviceId()
  deviceId!: string;

  @IsIn(ENROLMENT_DECISIONS)
  decision!: EnrolmentDecision;

  /** Namespace to place an approved device in; defaults to the one it asked for. */
  @IsOptional()
  @IsNamespace()
  namespace?: string;

  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  /** Who decided: an operator's name or `rule:<name>`. */
  @IsString()
  @MaxLength(253)
  decidedBy!: string;
}
