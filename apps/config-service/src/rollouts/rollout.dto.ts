import { ROLLOUT_STATES, type RolloutChange, type RolloutState } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { NamespaceParams } from '../request-params';

export class RolloutParams extends NamespaceParams {
  @IsUUID()
  id!: string;
}

export class RolloutBatchDto {
  @ApiProperty({ description: 'Position in the rollout' })
  index!: number;

  @ApiProperty({ description: "The policy batch it came from; the policy's length for the last batch" })
  policyBatch!: number;

  @ApiProperty({ enum: ['auto', 'manual'] })
  approval!: 'auto' | 'manual';

  @ApiProperty()
  devices!: number;

  @ApiProperty({ description: 'Served the change (its batch started)' })
  updated!: number;

  @ApiProperty()
  succeeded!: number;

  @ApiProperty()
  failed!: number;

  @ApiProperty({ description: 'Neither succeeded nor failed yet' })
  pending!: number;
}

export class RolloutDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  namespace!: string;

  @ApiProperty({ enum: ROLLOUT_STATES })
  state!: RolloutState;

  @ApiProperty({ description: 'The catalogue write that started it: `{kind, name, action}`' })
  change!: RolloutChange;

  @ApiProperty({ description: 'The last batch started (-1: none)' })
  currentBatch!: number;

  @ApiProperty({ example: '100%' })
  successThreshold!: string;

  @ApiProperty()
  deviceTimeoutSeconds!: number;

  @ApiPropertyOptional({ description: 'Why it paused (failed devices with their reasons) or was superseded' })
  reason!: Record<string, unknown> | null;

  @ApiProperty({ type: [RolloutBatchDto] })
  batches!: RolloutBatchDto[];

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class RolloutActionParams extends RolloutParams {
  @IsIn(['approve', 'pause', 'resume', 'abort'])
  action!: 'approve' | 'pause' | 'resume' | 'abort';
}
