import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNamespace } from './device-id';
import { EventEnvelope } from './envelope';

export const ROLLOUT_EVENT_STATES = [
  'progressing',
  'waiting-approval',
  'paused',
  'completed',
  'aborted',
  'superseded',
] as const;

/** The catalogue write that started a rollout. */
export class RolloutChangeDto {
  /** `workloads`, `devicesets`, `devicespecs`, `secrets` or `configmaps`. */
  @IsString()
  kind!: string;

  @IsString()
  name!: string;

  @IsIn(['put', 'delete'])
  action!: 'put' | 'delete';
}

/**
 * A staged rollout's state, on `rollout.state-changed.v1`, key the namespace (a namespace's rollouts stay
 * ordered). State-carrying: each record is the rollout's state when published; transitions closer together than
 * the relay's poll may show only the later one.
 */
export class RolloutStateChangedEvent extends EventEnvelope {
  @IsUUID()
  rolloutId!: string;

  @IsNamespace()
  namespace!: string;

  @IsIn(ROLLOUT_EVENT_STATES)
  state!: (typeof ROLLOUT_EVENT_STATES)[number];

  @ValidateNested()
  @Type(() => RolloutChangeDto)
  change!: RolloutChangeDto;

  /** The last batch started (-1: none). */
  @IsInt()
  @Min(-1)
  currentBatch!: number;

  @IsInt()
  @Min(1)
  batches!: number;

  /** Why: the failed devices of a paused batch, the operator, the superseding change. */
  @IsOptional()
  @IsObject()
  reason?: Record<string, unknown>;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
