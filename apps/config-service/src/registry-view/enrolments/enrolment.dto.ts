import { IsNamespace } from '@lib/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../pagination';
import { IsLabels } from '../../request-params';

export const ENROLMENT_STATES = ['pending', 'approved', 'rejected'] as const;

export class ListEnrolmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENROLMENT_STATES, default: 'pending' })
  @IsOptional()
  @IsIn(ENROLMENT_STATES)
  status: (typeof ENROLMENT_STATES)[number] = 'pending';
}

export class ApproveEnrolmentDto {
  @ApiPropertyOptional({ description: 'Namespace to place the device in; defaults to the one it asked for' })
  @IsOptional()
  @IsNamespace()
  namespace?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @IsLabels()
  labels?: Record<string, string>;
}

export class RejectEnrolmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
