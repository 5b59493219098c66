import { IsDeviceId } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested } from 'class-validator';
import { PlaybookExecutionStatusDto } from './playbook-execution-status';

class PlaybookDto {
  @ApiProperty({ description: 'The Ansible playbook, as text' })
  @IsString()
  @Length(1, 1_000_000)
  content!: string;
}

export class PutPlaybookExecutionDto {
  @ApiProperty({ description: 'ID of the device that runs it (same namespace)' })
  @IsDeviceId()
  device!: string;

  @ApiProperty({ type: PlaybookDto })
  @ValidateNested()
  @Type(() => PlaybookDto)
  playbook!: PlaybookDto;
}

export class PlaybookExecutionDto extends PutPlaybookExecutionDto {
  @ApiProperty() namespace!: string;
  @ApiProperty() name!: string;
  @ApiProperty() resourceVersion!: string;
  @ApiPropertyOptional({
    type: PlaybookExecutionStatusDto,
    nullable: true,
    description: 'null until the device reports it (and again after the execution is replaced)',
  })
  status!: PlaybookExecutionStatusDto | null;
}
