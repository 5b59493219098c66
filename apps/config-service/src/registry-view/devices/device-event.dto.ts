import type { DeviceEventEntity } from '@lib/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DeviceEventDto {
  @ApiProperty({ description: 'eventId of the heartbeat that carried it' }) heartbeatId!: string;
  @ApiProperty({ description: 'position in that heartbeat' }) seq!: number;
  @ApiProperty() receivedAt!: string;
  @ApiPropertyOptional({ nullable: true, description: 'info or warn' }) type!: string | null;
  @ApiPropertyOptional({ nullable: true }) reason!: string | null;
  @ApiPropertyOptional({ nullable: true }) message!: string | null;
}

export function toDeviceEventDto(e: DeviceEventEntity): DeviceEventDto {
  return {
    heartbeatId: e.heartbeatId,
    seq: e.seq,
    receivedAt: e.receivedAt.toISOString(),
    type: e.type,
    reason: e.reason,
    message: e.message,
  };
}
