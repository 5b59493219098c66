import { LabelSelectorError, parseLabelSelector } from '@lib/contracts';
import type { RolloutPolicyBatch, RolloutPolicyEntity } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';

const PERCENT = /^(100|[1-9]?[0-9])%$/;

/** `5` (devices) or `"10%"` (of the rollout's devices). */
function IsBatchLimit() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBatchLimit',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a positive integer or a percentage such as "10%"` },
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1_000_000) ||
          (typeof value === 'string' && PERCENT.test(value) && value !== '0%'),
      },
    });
}

function IsLabelSelector() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLabelSelector',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a label selector such as "site=lab,tier in (a,b)"` },
      validator: {
        validate: (value: unknown) => {
          try {
            return typeof value === 'string' && parseLabelSelector(value) !== undefined;
          } catch (e) {
            if (e instanceof LabelSelectorError) {
              return false;
            }
            throw e;
          }
        },
      },
    });
}

export class RolloutBatchDto {
  @ApiPropertyOptional({ description: 'Label selector; absent: any device no earlier batch took' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @IsLabelSelector()
  selector?: string;

  @ApiPropertyOptional({ oneOf: [{ type: 'integer' }, { type: 'string' }], example: '10%' })
  @IsOptional()
  @IsBatchLimit()
  limit?: number | string;

  @ApiPropertyOptional({ enum: ['auto', 'manual'], default: 'auto' })
  @IsOptional()
  @IsIn(['auto', 'manual'])
  approval?: 'auto' | 'manual';
}

export class PutRolloutPolicyDto {
  @ApiProperty({ type: [RolloutBatchDto], description: 'In order; devices no batch picks form a last batch' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RolloutBatchDto)
  batches!: RolloutBatchDto[];

  @ApiPropertyOptional({ default: '100%', description: "Share of a batch's devices that must succeed" })
  @IsOptional()
  @Matches(PERCENT, { message: 'successThreshold must be a percentage such as "100%"' })
  successThreshold?: string;

  @ApiPropertyOptional({ default: 600, minimum: 1, maximum: 86400 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  deviceTimeoutSeconds?: number;
}

export class RolloutPolicyDto {
  @ApiProperty()
  namespace!: string;

  @ApiProperty({ type: [RolloutBatchDto] })
  batches!: RolloutPolicyBatch[];

  @ApiProperty({ example: '100%' })
  successThreshold!: string;

  @ApiProperty()
  deviceTimeoutSeconds!: number;
}

export const toPolicyDto = (p: RolloutPolicyEntity): RolloutPolicyDto => ({
  namespace: p.namespace,
  batches: p.batches,
  successThreshold: `${p.successThresholdPercent}%`,
  deviceTimeoutSeconds: p.deviceTimeoutSeconds,
});
