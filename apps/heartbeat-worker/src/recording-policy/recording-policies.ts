import { AppConfig } from '@lib/config';
import { effectiveRecordingPolicy, type RecordingPolicy } from '@lib/contracts';
import { RecordingPolicyEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The recording policy of each namespace (`*` is the default; without any row, `record`). Read from the table
 * at most every RECORDING_POLICY_REFRESH_MS: a policy change takes effect within it, without a query per batch.
 */
@Injectable()
export class RecordingPolicies {
  private policies = new Map<string, RecordingPolicy>();
  private loadedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async forNamespaces(): Promise<(namespace: string) => RecordingPolicy> {
    if (Date.now() - this.loadedAt > this.config.heartbeats.policyRefreshMs) {
      const rows = await this.dataSource.getRepository(RecordingPolicyEntity).find();
      this.policies = new Map(rows.map((r) => [r.namespace, r.policy]));
      this.loadedAt = Date.now();
    }
    const policies = this.policies;
    return (namespace) => effectiveRecordingPolicy((ns) => policies.get(ns), namespace);
  }
}
