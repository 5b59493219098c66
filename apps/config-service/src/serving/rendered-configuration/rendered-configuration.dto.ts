import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RenderedConfigurationDto {
  @ApiProperty() deviceId!: string;
  @ApiProperty() namespace!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null before the first rendering' })
  version!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) renderedAt!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The device-configuration message the device is served, every secret value masked',
  })
  configuration!: Record<string, unknown> | null;
}
