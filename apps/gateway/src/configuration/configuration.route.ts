import { AppConfig } from '@lib/config';
import { DomainError } from '@lib/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DeviceAccess } from '../edge-api/device-access';
import { parseDevicePath } from '../edge-api/device-path.params';
import { serveEdgeRoute } from '../edge-api/edge-route';
import { RegistryClient } from '../registry-client/registry.client';

/** GET configuration, every device's poll: served by Fastify directly (see serveEdgeRoute). */
@Injectable()
export class ConfigurationRoute implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly access: DeviceAccess,
    private readonly registry: RegistryClient,
  ) {}

  onApplicationBootstrap(): void {
    serveEdgeRoute(this.adapterHost, this.config.log, 'configuration', (request) =>
      this.configuration(request),
    );
  }

  /** The config service's document as it comes, inside the `device-configuration-response` envelope. */
  async configuration(request: FastifyRequest): Promise<string> {
    const params = parseDevicePath(request.params);
    const device = this.access.requireApproved(params, 'DEVICE_NOT_FOUND');
    const answer = await this.registry.configuration({
      namespace: device.namespace,
      deviceId: params.deviceId,
    });
    if (!answer.found) {
      throw new DomainError('DEVICE_NOT_FOUND', `No configuration for device ${params.deviceId}`);
    }
    return `{"device-configuration":${answer.document}}`;
  }
}
