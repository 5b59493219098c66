import { IsDeviceId, IsNamespace } from '@lib/contracts';
import type { DevicePreauthorizationEntity } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional } from 'class-validator';
import { IsLabels } from '../../request-params';

export class PreauthorizationParams {
  @IsDeviceId()
  deviceId!: string;
}

export class PutPreauthorizationDto {
  @ApiProperty({ description: 'Namespace the device is approved into', example: 'fleet' })
  @IsNamespace()
  namespace!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { site: 'lab' } })
  @IsOptional()
  @IsObject()
  @IsLabels()
  labels?: Record<string, string>;

  @ApiPropertyOptional({
    description: 'ISO-8601; an enrolment after it is not approved by this (the device waits for an operator)',
    example: '2027-01-31T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  expiresAt?: string;
}

/** One entry of an import: the PUT body and the device it is for, validated by the same rules. */
export class PreauthorizationRowDto extends PutPreauthorizationDto {
  @ApiProperty({ example: 'rpi-0001' })
  @IsDeviceId()
  deviceId!: string;
}

export const PREAUTHORIZATION_STATES = ['active', 'used', 'expired'] as const;
export type PreauthorizationState = (typeof PREAUTHORIZATION_STATES)[number];

export class PreauthorizationDto {
  @ApiProperty() deviceId!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiPropertyOptional({ nullable: true }) expiresAt!: string | null;
  @ApiProperty({
    enum: PREAUTHORIZATION_STATES,
    description: 'active: waits for the enrolment; used: approved its device; expired: will not',
  })
  state!: PreauthorizationState;
  @ApiPropertyOptional({ nullable: true, description: 'When the enrolment it approved was made' })
  usedAt!: string | null;
  @ApiProperty({ description: 'Who created it; approvals say decidedBy "preauthorization:<createdBy>"' })
  createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ImportResultDto {
  @ApiProperty() created!: number;
  @ApiProperty() replaced!: number;
}

export function toPreauthorizationDto(
  row: DevicePreauthorizationEntity,
  usedAt: Date | undefined,
  now: Date,
): PreauthorizationDto {
  const expired = row.expiresAt !== null && row.expiresAt <= now;
  return {
    deviceId: row.deviceId,
    namespace: row.namespace,
    labels: row.labels,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    state: usedAt ? 'used' : expired ? 'expired' : 'active',
    usedAt: usedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
