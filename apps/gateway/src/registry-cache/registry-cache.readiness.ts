import type { ReadinessCheck } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RegistryCache } from './registry-cache';

/** Not ready until the registry cache has caught up: otherwise known devices would get 404s. */
@Injectable()
export class RegistryCacheReadiness implements ReadinessCheck {
  readonly name = 'registry-cache';

  constructor(
    private readonly cache: RegistryCache,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(this.name);
    return Promise.resolve(
      this.cache.ready
        ? indicator.up({ devices: this.cache.size })
        : indicator.down({ devices: this.cache.size }),
    );
  }
}
