import type { ReadinessCheck } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';

@Injectable()
export class DatabaseReadiness implements ReadinessCheck {
  readonly name = 'database';

  constructor(private readonly db: TypeOrmHealthIndicator) {}

  check(): Promise<HealthIndicatorResult> {
    return this.db.pingCheck(this.name, { timeout: 2000 });
  }
}
