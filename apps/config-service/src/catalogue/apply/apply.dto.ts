import { IsNamespace } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ApplyQueryDto {
  @ApiPropertyOptional({ description: 'Namespace of the objects without metadata.namespace' })
  @IsOptional()
  @IsNamespace()
  namespace?: string;

  @ApiPropertyOptional({ description: 'true: validate and report each outcome, store nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class ApplyResultDto {
  @ApiProperty({
    enum: [
      'Secret',
      'ConfigMap',
      'EdgeDeviceSet',
      'EdgeWorkload',
      'PlaybookExecution',
      'EdgeDevice',
      'EdgeDeviceSignedRequest',
    ],
  })
  kind!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    enum: ['created', 'updated', 'unchanged', 'imported', 'conflict'],
    description:
      'devices: `imported` (queued to the registry), `unchanged` (already there), `updated` (its spec changed), ' +
      '`conflict` (the registry knows the device in another state or namespace: nothing changed)',
  })
  outcome!: string;
  @ApiPropertyOptional({ description: 'catalogue objects' }) resourceVersion?: string;
  @ApiPropertyOptional({
    enum: ['pending', 'approved', 'registered'],
    description: 'devices: the state imported',
  })
  state?: string;
  @ApiPropertyOptional({ description: 'why a device was not imported' }) message?: string;
}

export class ApplyResponseDto {
  @ApiProperty({ type: [ApplyResultDto], description: 'One per object, in the order of the request' })
  results!: ApplyResultDto[];
}

/** Why one object of the request was refused. */
export interface ApplyProblem {
  /** Position in the request (0-based, `List` items flattened). */
  index: number;
  /** Line of its YAML document. */
  line?: number;
  kind?: string;
  namespace?: string;
  name?: string;
  code: string;
  message: string;
}
