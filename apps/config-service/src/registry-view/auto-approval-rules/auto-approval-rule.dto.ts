import { IsNamespace } from '@lib/contracts';
import type { AutoApprovalRuleEntity } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsLabels } from '../../request-params';

const GLOB = /^[A-Za-z0-9._*?-]+$/;

export class RuleNameParams {
  @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'name must be a DNS-1123 label' })
  @Length(1, 63)
  name!: string;
}

export class PutAutoApprovalRuleDto {
  @ApiProperty({ description: 'Glob (* and ?) matched against the whole device ID', example: 'rpi-*' })
  @IsString()
  @Length(1, 253)
  @Matches(GLOB, { message: 'deviceIdPattern may contain letters, digits, . _ - and the wildcards * ?' })
  deviceIdPattern!: string;

  @ApiPropertyOptional({
    description: 'Glob matched against the namespace the device asked for',
    default: '*',
  })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  @Matches(/^[a-z0-9*?-]+$/, { message: 'namespacePattern may contain a-z, 0-9, - and the wildcards * ?' })
  namespacePattern?: string;

  @ApiPropertyOptional({ description: 'Namespace approved devices go to; default: the requested one' })
  @IsOptional()
  @IsNamespace()
  targetNamespace?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @IsLabels()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Lower runs first', default: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class AutoApprovalRuleDto {
  @ApiProperty() name!: string;
  @ApiProperty() deviceIdPattern!: string;
  @ApiProperty() namespacePattern!: string;
  @ApiPropertyOptional({ nullable: true }) targetNamespace!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiProperty() priority!: number;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() resourceVersion!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export function toRuleDto(rule: AutoApprovalRuleEntity): AutoApprovalRuleDto {
  return {
    name: rule.name,
    deviceIdPattern: rule.deviceIdPattern,
    namespacePattern: rule.namespacePattern,
    targetNamespace: rule.targetNamespace,
    labels: rule.labels,
    priority: rule.priority,
    enabled: rule.enabled,
    resourceVersion: String(rule.resourceVersion),
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}
