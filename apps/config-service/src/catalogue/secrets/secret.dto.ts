import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';

export const SECRET_TYPES = ['Opaque', 'kubernetes.io/dockerconfigjson'] as const;

/** A Kubernetes Secret's content: `data` base64 values, `stringData` plain ones (merged over `data`). */
export class PutSecretDto {
  @ApiPropertyOptional({ enum: SECRET_TYPES, default: 'Opaque' })
  @IsOptional()
  @IsIn(SECRET_TYPES)
  type?: (typeof SECRET_TYPES)[number];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', format: 'byte' } })
  @IsOptional()
  @IsObject()
  data?: Record<string, string>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  stringData?: Record<string, string>;
}

/** Never the values: only which keys exist. */
export class SecretDto {
  @ApiProperty() namespace!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SECRET_TYPES }) type!: string;
  @ApiProperty({ type: [String] }) keys!: string[];
  @ApiProperty() resourceVersion!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
