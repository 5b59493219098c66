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
  startedListening(): void;
  stoppedListening(): void;
}

const starting = () => Object.assign(new Error('the database system is starting up'), { code: '57P03' });

function answersOn(query: ReturnType<typeof vi.fn>): { sut: ConfigurationAnswers; internals: Internals } {
  const sut = new ConfigurationAnswers(
    { query } as unknown as DataSource,
    { open: (v: string) => v } as unknown as SecretBox,
    { configService: { answerCacheMb: 1, answerOutageMaxAgeMs: 60_000 } } as AppConfig,
    { nudge: () => undefined } as unknown as ConfigurationChangedRelay,
    new MetricsService(),
  );
  return { sut, internals: sut as unknown as Internals };
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
      .mockRejectedValueOnce(starting())
      .mockImplementation((_sql: string, [ids]: [string[]]) => Promise.resolve(ids.map(row)));
    const { sut, internals } = answersOn(query);
    internals.listening = true;

    internals.refill(['dev-1', 'dev-2']);
    await vi.waitFor(() => expect(sut.refilled).toBe(2), { timeout: 5000 });
    expect(query).toHaveBeenCalledTimes(2);
    // Served from memory now: no further query.
    expect((await sut.get('dev-2'))?.version).toBe(2);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('serves what it kept when the database refuses right after listening resumed, until it has read it again', async () => {
    let up = true;
    const query = vi.fn((_sql: string, [ids]: [string[]]) =>
      up ? Promise.resolve(ids.map(row)) : Promise.reject(starting()),
    );
    const { sut, internals } = answersOn(query);
    internals.startedListening();
    expect((await sut.get('dev-1'))?.version).toBe(2);

    // The database restarts: the listener is lost, then connects again while the pool still meets refusals.
    up = false;
    internals.stoppedListening();
    internals.startedListening();
    // Distrusted (the database is asked first), and served since it refuses.
    const during = await sut.get('dev-1');
    expect(during?.version).toBe(2);
    expect(query).toHaveBeenCalledWith(expect.any(String), [['dev-1'], expect.any(Array)]);
    // A device it never held still fails.
    await expect(sut.get('dev-9')).rejects.toThrow('starting up');

    up = true;
    await vi.waitFor(() => expect(sut.refilled).toBe(1), { timeout: 5000 });
    // Read again, it is trusted: served from memory without asking the database.
    up = false;
    const calls = query.mock.calls.length;
    expect((await sut.get('dev-1'))?.version).toBe(2);
    expect(query.mock.calls.length).toBe(calls);
  });
});
