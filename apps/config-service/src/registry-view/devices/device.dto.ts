import { DEVICE_STATES, type DeviceState } from '@lib/contracts';
import type { DeviceStatusEntity, DeviceViewEntity } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DeviceDto {
  @ApiProperty() deviceId!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty() requestedNamespace!: string;
  @ApiProperty({ enum: DEVICE_STATES }) state!: DeviceState;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels!: Record<string, string>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) hardware!: unknown;
  @ApiProperty() enrolledAt!: string;
  @ApiPropertyOptional({ nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) decisionReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) registeredAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) decommissionedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastSeenAt!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'status of the last heartbeat (up, degraded)' })
  status!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'configuration version the device last reported' })
  reportedConfigVersion!: string | null;
  @ApiPropertyOptional({
    enum: ['online', 'late', 'offline'],
    nullable: true,
    description: 'null before the first heartbeat',
  })
  presence!: string | null;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    nullable: true,
    description: 'workload statuses',
  })
  workloads!: unknown[] | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, nullable: true })
  playbookExecutions!: unknown[] | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  upgrade!: Record<string, unknown> | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'version of the configuration rendered for the device',
  })
  desiredConfigVersion!: string | null;
  @ApiProperty({ description: 'the last heartbeat reported the desired version' })
  configInSync!: boolean;
}

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export function toDeviceDto(
  view: DeviceViewEntity,
  status?: DeviceStatusEntity | null,
  desiredConfigVersion: string | null = null,
): DeviceDto {
  const reported = status?.configVersion ?? null;
  return {
    deviceId: view.deviceId,
    namespace: view.namespace,
    requestedNamespace: view.requestedNamespace,
    state: view.state,
    labels: view.labels,
    // Heartbeats keep the profile current (deltas merged); registration gave the first one.
    hardware: status?.hardware ?? view.hardware,
    enrolledAt: view.enrolledAt.toISOString(),
    decidedAt: iso(view.decidedAt),
    decidedBy: view.decidedBy,
    decisionReason: view.decisionReason,
    registeredAt: iso(view.registeredAt),
    decommissionedAt: iso(view.decommissionedAt),
    lastSeenAt: iso(status?.lastSeenAt),
    status: status?.status ?? null,
    presence: status?.presence ?? null,
    workloads: status?.workloads ?? null,
    playbookExecutions: status?.playbookExecutions ?? null,
    upgrade: status?.upgrade ?? null,
    reportedConfigVersion: reported,
    desiredConfigVersion,
    configInSync: desiredConfigVersion !== null && reported === desiredConfigVersion,
  };
}
