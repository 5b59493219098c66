import { AppConfig } from '@lib/config';
import { type Heartbeat, heartbeatShape } from '@lib/contracts';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { parseDevicePath } from '../edge-api/device-path.params';
import { serveEdgeRoute } from '../edge-api/edge-route';
import { FlottaBodyPipe } from '../edge-api/flotta-body.pipe';
import { HeartbeatService } from './heartbeat.service';

const body = new FlottaBodyPipe(heartbeatShape, 'heartbeat');

/** PUT heartbeat, every device's report: served by Fastify directly (see serveEdgeRoute). */
@Injectable()
export class HeartbeatRoute implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly heartbeats: HeartbeatService,
  ) {}

  onApplicationBootstrap(): void {
    serveEdgeRoute(this.adapterHost, this.config.log, 'heartbeat', (request) => this.record(request));
  }

  /** Answered 200 `{}` only once the broker acknowledged the event (or the namespace's policy is `ignore`). */
  async record(request: FastifyRequest): Promise<string> {
    // The path is checked before the body, as Nest's pipes did.
    const params = parseDevicePath(request.params);
    const heartbeat = body.transform(request.body) as unknown as Heartbeat;
    await this.heartbeats.record(params, heartbeat, request.id);
    return '{}';
  }
}
