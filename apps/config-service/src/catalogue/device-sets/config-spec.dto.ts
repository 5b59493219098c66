import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NameRefDto } from '../workloads/workload.dto';

class HardwareProfileDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() include?: boolean;
  @ApiPropertyOptional({ enum: ['full', 'delta'] }) @IsOptional() @IsIn(['full', 'delta']) scope?:
    'full' | 'delta';
}

class HeartbeatDto {
  @ApiPropertyOptional({ default: 60, maximum: 86400 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  periodSeconds?: number;
  @ApiPropertyOptional({ type: HardwareProfileDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => HardwareProfileDto)
  hardwareProfile?: HardwareProfileDto;
}

class OsInformationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() commitID?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() hostedObjectsURL?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() automaticallyUpgrade?: boolean;
}

class MountDto {
  @ApiPropertyOptional() @IsOptional() @IsString() device?: string;
  @ApiPropertyOptional({ description: 'destination directory (upstream JSON name)' })
  @IsOptional()
  @IsString()
  folder?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() options?: string;
}

class S3Dto {
  @ApiPropertyOptional({ description: 'ConfigMap with BUCKET_NAME, BUCKET_HOST, BUCKET_PORT, BUCKET_REGION' })
  @IsOptional()
  @IsString()
  configMapName?: string;
  @ApiPropertyOptional({
    description: 'Secret with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional tls.crt',
  })
  @IsOptional()
  @IsString()
  secretName?: string;
}

class StorageDto {
  @ApiPropertyOptional({ type: S3Dto }) @IsOptional() @ValidateNested() @Type(() => S3Dto) s3?: S3Dto;
}

class RetentionDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) maxMiB?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) maxHours?: number;
}

class ComponentMetricsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) interval?: number;
  @ApiPropertyOptional({ type: NameRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NameRefDto)
  allowList?: NameRefDto;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
}

class ReceiverDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) requestNumSamples?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) timeoutSeconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() url?: string;
  @ApiPropertyOptional({ description: 'Secret with ca.crt, used for https URLs' })
  @IsOptional()
  @IsString()
  caSecretName?: string;
}

class MetricsDto {
  @ApiPropertyOptional({ type: RetentionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetentionDto)
  retention?: RetentionDto;
  @ApiPropertyOptional({ type: ComponentMetricsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ComponentMetricsDto)
  system?: ComponentMetricsDto;
  @ApiPropertyOptional({ type: ComponentMetricsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ComponentMetricsDto)
  dataTransfer?: ComponentMetricsDto;
  @ApiPropertyOptional({ type: ReceiverDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReceiverDto)
  receiverConfiguration?: ReceiverDto;
}

/** The configuration sections of an EdgeDeviceSet / EdgeDevice spec (flotta-operator api/v1alpha1 names). */
export class ConfigSpecDto {
  @ApiPropertyOptional({ type: HeartbeatDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => HeartbeatDto)
  heartbeat?: HeartbeatDto;
  @ApiPropertyOptional({ type: OsInformationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OsInformationDto)
  osInformation?: OsInformationDto;
  @ApiPropertyOptional({ type: [MountDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => MountDto)
  mounts?: MountDto[];
  @ApiPropertyOptional({ type: StorageDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StorageDto)
  storage?: StorageDto;
  @ApiPropertyOptional({ type: MetricsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MetricsDto)
  metrics?: MetricsDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'target name → {kind: syslog, bufferSize, syslogConfig: {name: <ConfigMap with Address, Protocol>}}',
  })
  @IsOptional()
  @IsObject()
  logCollection?: Record<string, { kind?: string; bufferSize?: number; syslogConfig?: { name: string } }>;
}
