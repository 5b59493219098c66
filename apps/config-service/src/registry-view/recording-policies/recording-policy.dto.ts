import { RECORDING_POLICIES, type RecordingPolicy } from '@lib/contracts';
import type { RecordingPolicyEntity } from '@lib/database';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class PutRecordingPolicyDto {
  @ApiProperty({
    enum: RECORDING_POLICIES,
    description:
      'record: status, workloads, playbooks, upgrade, hardware and events; status-only: last seen and status; ' +
      'ignore: answer 200, store and publish nothing',
  })
  @IsIn(RECORDING_POLICIES)
  policy!: RecordingPolicy;
}

export class RecordingPolicyDto {
  @ApiProperty({ description: 'The namespace, or `*` for the default of all namespaces' })
  namespace!: string;

  @ApiProperty({ enum: RECORDING_POLICIES })
  policy!: RecordingPolicy;

  @ApiProperty({ description: 'False when no policy is stored and the built-in default (record) applies' })
  stored!: boolean;
}

export function toPolicyDto(
  namespace: string,
  row: RecordingPolicyEntity | null,
  fallback: RecordingPolicy,
): RecordingPolicyDto {
  return { namespace, policy: row?.policy ?? fallback, stored: row !== null };
}
