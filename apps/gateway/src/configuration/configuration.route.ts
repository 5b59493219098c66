import { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import { DomainError, serveAheadOfFastify } from '@lib/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeviceAccess } from '../edge-api/device-access';
import { parseDevicePath } from '../edge-api/device-path.params';
import { serveEdgeRoute } from '../edge-api/edge-route';
import { RegistryClient } from '../registry-client/registry.client';
import { configurationAhead } from './configuration-ahead';

/**
 * GET configuration, every device's poll: served by Fastify directly (see serveEdgeRoute), and a plain poll of an
 * approved device on node:http ahead of Fastify (configurationAhead).
 */
@Injectable()
export class ConfigurationRoute implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly access: DeviceAccess,
    private readonly registry: RegistryClient,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    serveEdgeRoute(this.adapterHost, this.config.log, 'configuration', (request) =>
      this.configuration(request),
    );
    serveAheadOfFastify(
      this.adapterHost.httpAdapter.getInstance<FastifyInstance>(),
      this.config.http,
      configurationAhead(this.access, this, this.config.log, this.metrics),
    );
  }

  async configuration(request: FastifyRequest): Promise<string> {
    const params = parseDevicePath(request.params);
    const device = this.access.requireApproved(params, 'DEVICE_NOT_FOUND');
    return this.document(device.namespace, params.deviceId);
  }

  /** The config service's document as it comes, inside the `device-configuration-response` envelope. */
  async document(namespace: string, deviceId: string): Promise<string> {
    const answer = await this.registry.configuration({ namespace, deviceId });
    if (!answer.found) {
      throw new DomainError('DEVICE_NOT_FOUND', `No configuration for device ${deviceId}`);
    }
    return `{"device-configuration":${answer.document}}`;
  }
}
