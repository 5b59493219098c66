import type { PlaybookExecution } from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { DeviceAccess } from '../edge-api/device-access';
import { type DevicePathParams, DevicePathPipe, EDGE_API_DEVICE_PATH } from '../edge-api/device-path.params';
import { RegistryClient } from '../registry-client/registry.client';

@Controller(EDGE_API_DEVICE_PATH)
export class PlaybookExecutionsController {
  constructor(
    private readonly access: DeviceAccess,
    private readonly registry: RegistryClient,
  ) {}

  @Get('playbookexecutions')
  async playbookExecutions(@Param(DevicePathPipe) params: DevicePathParams): Promise<PlaybookExecution[]> {
    const device = this.access.requireApproved(params, 'DEVICE_NOT_FOUND');
    const reply = await this.registry.playbookExecutions({
      namespace: device.namespace,
      deviceId: params.deviceId,
    });
    if (!reply.found) {
      throw new DomainError('DEVICE_NOT_FOUND', `Device ${params.deviceId} is not registered`);
    }
    return reply.executions;
  }
}
