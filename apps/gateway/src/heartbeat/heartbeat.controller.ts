import { type Heartbeat, heartbeatShape } from '@lib/contracts';
import { CorrelationId } from '@lib/platform';
import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { type DevicePathParams, DevicePathPipe, EDGE_API_DEVICE_PATH } from '../edge-api/device-path.params';
import { FlottaBodyPipe } from '../edge-api/flotta-body.pipe';
import { HeartbeatService } from './heartbeat.service';

@Controller(EDGE_API_DEVICE_PATH)
export class HeartbeatController {
  constructor(private readonly heartbeats: HeartbeatService) {}

  @Put('heartbeat')
  @HttpCode(200)
  async record(
    @Param(DevicePathPipe) params: DevicePathParams,
    @Body(new FlottaBodyPipe(heartbeatShape, 'heartbeat')) body: Heartbeat,
    @CorrelationId() correlationId: string,
  ): Promise<Record<string, never>> {
    await this.heartbeats.record(params, body, correlationId);
    return {};
  }
}
