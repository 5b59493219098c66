import { AppConfig } from '@lib/config';
import type { ReadinessCheck } from '@lib/observability';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';

const CHECK_TIMEOUT_MS = 2000;

/** Ready when the broker answers a metadata request. */
@Injectable()
export class KafkaReadiness implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'kafka';
  private admin?: Admin;

  constructor(
    private readonly config: AppConfig,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(this.name);
    try {
      this.admin ??= createKafka(this.config.kafka, `${this.config.kafka.clientId}-health`).admin();
      const admin = this.admin;
      const cluster = await withTimeout(
        admin.connect().then(() => admin.describeCluster()),
        CHECK_TIMEOUT_MS,
      );
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
