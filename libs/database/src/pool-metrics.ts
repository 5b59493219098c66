import { MetricsService } from '@lib/observability';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Exposes the pg pool's connection counts as `db_pool_connections`. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    this.metrics.watchPool(() => ({
      total: pool?.totalCount ?? 0,
      idle: pool?.idleCount ?? 0,
      waiting: pool?.waitingCount ?? 0,
    }));
  }
}
