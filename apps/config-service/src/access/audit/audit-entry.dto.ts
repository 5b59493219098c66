import { AUDIT_OUTCOMES, type AuditOutcome } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** The columns of an AuditEntryRow, which the relay and the list both read. */
export const AUDIT_ENTRY_COLUMNS = [
  'id',
  'event_id',
  'recorded_at',
  'actor',
  'action',
  'method',
  'path',
  'namespace',
  'resource',
  'outcome',
  'status_code',
  'digest',
  'correlation_id',
] as const satisfies readonly (keyof AuditEntryRow)[];

/** A row as the relay and the list read it (snake case, straight from SQL). */
export interface AuditEntryRow {
  id: string;
  event_id: string;
  recorded_at: Date;
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  namespace: string | null;
  resource: string | null;
  outcome: AuditOutcome;
  status_code: number | null;
  digest: string | null;
  correlation_id: string | null;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Position in the trail; newer entries have larger ids' }) id!: string;
  @ApiProperty({ description: 'The eventId of the entry on the audit topic' }) eventId!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ example: 'token:alice' }) actor!: string;
  @ApiProperty({ example: 'PUT workloads' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) method!: string | null;
  @ApiProperty({ nullable: true, type: String }) path!: string | null;
  @ApiProperty({ nullable: true, type: String }) namespace!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'workloads/web' }) resource!: string | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome!: AuditOutcome;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Keyed HMAC-SHA-256 of the change' })
  digest!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
}

export function toAuditEntryDto(row: AuditEntryRow): AuditEntryDto {
  return {
    id: String(row.id),
    eventId: row.event_id,
    recordedAt: row.recorded_at.toISOString(),
    actor: row.actor,
    action: row.action,
    method: row.method,
    path: row.path,
    namespace: row.namespace,
    resource: row.resource,
    outcome: row.outcome,
    statusCode: row.status_code,
    digest: row.digest === null ? null : row.digest.trim(),
    correlationId: row.correlation_id,
  };
}

export class ListAuditQuery {
  @ApiPropertyOptional({ description: 'Exact actor, e.g. token:alice or rule:lab' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  actor?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'namespace must be a DNS-1123 label' })
  namespace?: string;

  @ApiPropertyOptional({ description: 'Resource prefix, e.g. workloads/ or devices/dev-1' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  resource?: string;

  @ApiPropertyOptional({ example: 'enrolment.approved' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ description: 'Entries recorded at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Entries recorded before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ description: "Entries older than this id (the previous page's nextBefore)" })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/, { message: 'before must be an entry id' })
  before?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `before` for the next page' })
  nextBefore!: string | null;
}
