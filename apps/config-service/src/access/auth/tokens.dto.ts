import { ROLES, type Role } from '@lib/config';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

export class TokenNameParams {
  @Matches(/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/, {
    message: 'name must be lowercase letters, digits, "-" and "." (at most 63)',
  })
  name!: string;
}

export class CreateTokenDto {
  @ApiProperty({ enum: ROLES, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ example: ['team-a'], description: 'Namespaces, or ["*"] for all' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|\*)$/, {
    each: true,
    message: 'each namespace must be a DNS-1123 label or *',
  })
  namespaces!: string[];

  @ApiPropertyOptional({ description: 'When the token stops working (ISO 8601); never when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class TokenDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() namespaces!: string[];
  @ApiProperty({ enum: ['file', 'api'] }) source!: 'file' | 'api';
  @ApiPropertyOptional({ nullable: true, type: String }) expiresAt?: string | null;
  @ApiPropertyOptional() createdBy?: string;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({ description: 'Shown once, never stored: keep it now' }) token!: string;
}
