import { DEVICE_STATES, PRESENCE_STATES } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../pagination';
import { IsLabels } from '../../request-params';

export class ListDevicesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Kubernetes label selector, e.g. `site=lab,tier in (edge,core)`' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  labelSelector?: string;

  @ApiPropertyOptional({
    enum: DEVICE_STATES,
    description: 'Default: approved, registered and decommissioned',
  })
  @IsOptional()
  @IsIn(DEVICE_STATES)
  state?: (typeof DEVICE_STATES)[number];

  @ApiPropertyOptional({ enum: PRESENCE_STATES, description: 'Only devices with this presence' })
  @IsOptional()
  @IsIn(PRESENCE_STATES)
  presence?: (typeof PRESENCE_STATES)[number];
}

export class DeviceEventsQuery extends PageQuery {}

export class PatchDeviceDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'Labels to set; a null value removes the label',
  })
  @IsObject()
  @IsLabels(true)
  labels!: Record<string, string | null>;
}
