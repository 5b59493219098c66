import type { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import type { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import type { SecretBox } from '../../secret-box';
import type { ConfigurationChangedRelay } from '../rendering/configuration-changed.relay';
import { ConfigurationAnswers } from './configuration-answers';

interface Internals {
  listening: boolean;
  refill(ids: string[]): void;
}

const row = (deviceId: string) => ({
  device_id: deviceId,
  namespace: 'fleet',
  version: 2,
  content: { device_id: deviceId, version: '2', configuration: { heartbeat: { period_seconds: 60 } } },
});

describe(ConfigurationAnswers.name, () => {
  it('tries a failed refill again, so the answers are in memory for the next outage', async () => {
    const query = vi
      .fn()
      .mockRejectedValueOnce(
        Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      )
      .mockImplementation((_sql: string, [ids]: [string[]]) => Promise.resolve(ids.map(row)));
    const sut = new ConfigurationAnswers(
      { query } as unknown as DataSource,
      { open: (v: string) => v } as unknown as SecretBox,
      { configService: { answerCacheMb: 1, answerOutageMaxAgeMs: 60_000 } } as AppConfig,
      { nudge: () => undefined } as unknown as ConfigurationChangedRelay,
      new MetricsService(),
    );
    const internals = sut as unknown as Internals;
    internals.listening = true;

    internals.refill(['dev-1', 'dev-2']);
    await vi.waitFor(() => expect(sut.refilled).toBe(2), { timeout: 5000 });
    expect(query).toHaveBeenCalledTimes(2);
    // Served from memory now: no further query.
    expect((await sut.get('dev-2'))?.version).toBe(2);
    expect(query).toHaveBeenCalledTimes(2);
  });
});
