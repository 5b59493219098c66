import type { ReadinessCheck } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

export type ConsumerState = 'starting' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';

/** Ready while the app's consumer is in its group (or rebalancing into it). */
@Injectable()
export class ConsumerReadiness implements ReadinessCheck {
  readonly name = 'consumer';
  private server?: { readonly state: ConsumerState };

  constructor(private readonly indicators: HealthIndicatorService) {}

  /** The app's KafkaBatchServer registers itself here. */
  watch(server: { readonly state: ConsumerState }): void {
    this.server = server;
  }

  check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(this.name);
    const state = this.server?.state ?? 'starting';
    return Promise.resolve(
      state === 'joined' || state === 'rebalancing' ? indicator.up({ state }) : indicator.down({ state }),
    );
  }
}
