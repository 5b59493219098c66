import { IsNamespace, isLabelKey, isLabelValue } from '@lib/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { PageQuery } from '../../pagination/page';

export const ENROLMENT_STATES = ['pending', 'approved', 'rejected'] as const;

export class ListEnrolmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENROLMENT_STATES, default: 'pending' })
  @IsOptional()
  @IsIn(ENROLMENT_STATES)
  status: (typeof ENROLMENT_STATES)[number] = 'pending';
}

/** Kubernetes label keys and values; `allowNull` for PATCH, where null removes a label. */
export function IsLabels(allowNull = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLabels',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 64 &&
          Object.entries(value).every(
            ([k, v]) =>
              isLabelKey(k) && ((allowNull && v === null) || (typeof v === 'string' && isLabelValue(v))),
          ),
        defaultMessage: () =>
          '$property must map Kubernetes label keys to label values (at most 64 labels, values up to 63 characters)',
      },
    },
    options,
  );
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
