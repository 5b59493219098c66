import { AppConfig } from '@lib/config';
import { effectiveRecordingPolicy, type RecordingPolicy } from '@lib/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RegistryClient } from '../registry-client/registry.client';

/**
 * The heartbeat recording policies, refreshed from the config service every RECORDING_POLICY_REFRESH_MS, so
 * that heartbeats of `ignore` namespaces are answered without reaching Kafka. Until the first answer (or when
 * the config service is down) nothing is ignored: the heartbeat worker applies the policies again anyway.
 */
@Injectable()
export class RecordingPolicyCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecordingPolicyCache.name);
  private policies = new Map<string, RecordingPolicy>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly registry: RegistryClient,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.heartbeats.policyRefreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  isIgnored(namespace: string): boolean {
    const policies = this.policies;
    return effectiveRecordingPolicy((ns) => policies.get(ns), namespace) === 'ignore';
  }

  private async refresh(): Promise<void> {
    try {
      // A Map: a namespace may be called `constructor`.
      this.policies = new Map(Object.entries((await this.registry.recordingPolicies()).policies));
    } catch {
      this.logger.debug('Recording policies not refreshed; keeping the last known');
    }
  }
}
