import { IsDeviceId } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class NameRefDto {
  @ApiProperty() @IsString() @Length(1, 253) name!: string;
}

class SelectorRequirementDto {
  @ApiProperty() @IsString() key!: string;
  @ApiProperty({ enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }) @IsString() operator!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  values?: string[];
}

export class LabelSelectorDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  matchLabels?: Record<string, string>;

  @ApiPropertyOptional({ type: [SelectorRequirementDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SelectorRequirementDto)
  matchExpressions?: SelectorRequirementDto[];
}

class PodDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A Kubernetes core/v1 PodSpec' })
  @IsObject({ message: 'pod.spec must be an object (a Kubernetes PodSpec)' })
  spec!: Record<string, unknown>;
}

class ImageRegistriesDto {
  @ApiPropertyOptional({ description: 'Secret of type kubernetes.io/dockerconfigjson' })
  @ValidateNested()
  @Type(() => NameRefDto)
  secretRef!: NameRefDto;
}

class DataPathDto {
  @ApiProperty() @IsString() source!: string;
  @ApiProperty() @IsString() target!: string;
}

class DataDto {
  @ApiPropertyOptional({ type: [DataPathDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => DataPathDto)
  ingress?: DataPathDto[];

  @ApiPropertyOptional({ type: [DataPathDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => DataPathDto)
  egress?: DataPathDto[];
}

class ContainerMetricsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() path?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(65535) port?: number;
}

class WorkloadMetricsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() path?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(65535) port?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) interval?: number;

  @ApiPropertyOptional({ description: 'ConfigMap with key metrics_list.yaml' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NameRefDto)
  allowList?: NameRefDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'per container: disabled, path, port',
  })
  @IsOptional()
  @IsObject()
  containers?: Record<string, ContainerMetricsDto>;
}

/** The EdgeWorkload spec (flotta-operator api/v1alpha1), plus the labels and annotations of its metadata. */
export class WorkloadSpecDto {
  @ApiPropertyOptional({ description: 'One device by ID; or use deviceSelector' })
  @IsOptional()
  @IsDeviceId()
  device?: string;

  @ApiPropertyOptional({ type: LabelSelectorDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LabelSelectorDto)
  deviceSelector?: LabelSelectorDto;

  @ApiProperty({ enum: ['pod'] }) @IsIn(['pod']) type!: 'pod';

  @ApiProperty({ type: PodDto })
  @ValidateNested()
  @Type(() => PodDto)
  pod!: PodDto;

  @ApiPropertyOptional({ description: 'Only podman/-prefixed ones reach the device, prefix stripped' })
  @IsOptional()
  @IsObject()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Only podman/-prefixed ones reach the device, prefix stripped' })
  @IsOptional()
  @IsObject()
  annotations?: Record<string, string>;

  @ApiPropertyOptional({ type: ImageRegistriesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImageRegistriesDto)
  imageRegistries?: ImageRegistriesDto;

  @ApiPropertyOptional({ type: DataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DataDto)
  data?: DataDto;

  @ApiPropertyOptional({ type: WorkloadMetricsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkloadMetricsDto)
  metrics?: WorkloadMetricsDto;

  @ApiPropertyOptional({ description: 'Key into the device configuration log-collection' })
  @IsOptional()
  @IsString()
  logCollection?: string;
}

export class WorkloadDto extends WorkloadSpecDto {
  @ApiProperty() namespace!: string;
  @ApiProperty() name!: string;
  @ApiProperty() resourceVersion!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
