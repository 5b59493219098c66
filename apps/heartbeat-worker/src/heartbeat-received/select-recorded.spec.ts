import { describe, expect, it } from 'vitest';
import { type Candidate, selectRecorded } from './select-recorded';

const candidate = (eventId: string, at: number, digest: string): Candidate => ({
  eventId,
  deviceId: 'd1',
  namespace: 'ns',
  receivedAt: new Date(at),
  digest,
  heartbeat: {},
  policy: 'record',
});

const last = new Map([
  ['d1', { lastSeenAt: new Date(10_000), digest: 'recorded', periodSeconds: 60, lastEventId: 'e-last' }],
]);

describe('selectRecorded', () => {
  it('keeps a heartbeat received before the last recorded one as late, not dropped', () => {
    const { recorded, late } = selectRecorded([candidate('e-older', 9_000, 'other')], last, 5_000);
    expect(recorded).toEqual([]);
    expect(late.map((c) => c.eventId)).toEqual(['e-older']);
  });

  it('drops the redelivery of the last recorded heartbeat and a late retry of its body', () => {
    const { recorded, late, skipped } = selectRecorded(
      [candidate('e-last', 10_000, 'recorded'), candidate('e-retry', 9_500, 'recorded')],
      last,
      5_000,
    );
    expect([recorded, late]).toEqual([[], []]);
    expect(skipped).toEqual({ stale: 1, retry: 1 });
  });

  it('records newer heartbeats in receive order, skipping a retry within the window', () => {
    const { recorded, late } = selectRecorded(
      [candidate('e-3', 13_000, 'b'), candidate('e-1', 11_000, 'a'), candidate('e-2', 12_000, 'a')],
      last,
      5_000,
    );
    expect(recorded.map((c) => c.eventId)).toEqual(['e-1', 'e-3']);
    expect(late).toEqual([]);
  });
});
