import type { ReadinessCheck } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EventPublisher } from './event-publisher';

/** Ready while the producer is connected: without it every write would answer 503. */
@Injectable()
export class PublisherReadiness implements ReadinessCheck {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('producer');
    return Promise.resolve(this.publisher.isConnected ? indicator.up() : indicator.down());
  }
}
