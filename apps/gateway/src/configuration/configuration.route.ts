import { DomainError } from '@lib/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DeviceAccess } from '../edge-api/device-access.service';
import { parseDevicePath } from '../edge-api/device-path.params';
import { answeredNotFound, edgeRouteUrl, fastifyOf } from '../edge-api/edge-route';
import { RegistryClient } from '../registry-client/registry-client.service';

/** GET configuration, every device's poll: served by Fastify directly (see fastifyOf). */
@Injectable()
export class ConfigurationRoute implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: DeviceAccess,
    private readonly registry: RegistryClient,
  ) {}

  onApplicationBootstrap(): void {
    fastifyOf(this.adapterHost).get(edgeRouteUrl('configuration'), (request, reply) =>
      this.configuration(request, reply),
    );
  }

  /** The config service's document as it comes, inside the `device-configuration-response` envelope. */
  async configuration(request: FastifyRequest, reply: FastifyReply): Promise<string | FastifyReply> {
    if (answeredNotFound(request, reply)) {
      return reply;
    }
    const params = parseDevicePath(request.params);
    const device = this.access.requireApproved(params, 'DEVICE_NOT_FOUND');
    const answer = await this.registry.configuration({
      namespace: device.namespace,
      deviceId: params.deviceId,
    });
    if (!answer.found) {
      throw new DomainError('DEVICE_NOT_FOUND', `No configuration for device ${params.deviceId}`);
    }
    void reply.header('content-type', 'application/json; charset=utf-8');
    return `{"device-configuration":${answer.document}}`;
  }
}
