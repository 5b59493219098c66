import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AnswerCache } from './answer-cache';

/** A full garbage collection, so that heap use shows what is still referenced. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const content = (image: string) => ({
  device_id: 'ignored',
  configuration: { heartbeat: { period_seconds: 60, hardware_profile: {} } },
  workloads: [{ name: 'app', specification: `containers:\n- image: ${image}\n` }],
});
const meta = (version: number) => ({ namespace: 'fleet', version });

function load(sut: AnswerCache, id: string, image: string, version: number) {
  return sut.complete(sut.begin(id), content(image), meta(version));
}

describe(AnswerCache.name, () => {
  it('names the evicted devices that had an answer, so that their answers can be read back', () => {
    const sut = new AnswerCache(1024 * 1024);
    load(sut, 'dev-1', 'app:1', 1);
    load(sut, 'dev-2', 'app:1', 1);
    expect(sut.evict(['dev-1', 'dev-3'])).toEqual(['dev-1']);
    expect(sut.get('dev-1')).toBeUndefined();
    expect(sut.get('dev-2')?.version).toBe(1);
  });

  it('answers the device its own ID and version around the shared content', () => {
    const sut = new AnswerCache(1024 * 1024);
    load(sut, 'dev-1', 'app:1', 3);
    const answer = sut.get('dev-1');
    expect(answer?.version).toBe(3);
    expect(JSON.parse(answer!.document)).toEqual({ ...content('app:1'), device_id: 'dev-1', version: '3' });
  });

  it('keeps one copy of content that devices share', () => {
    const sut = new AnswerCache(1024 * 1024);
    const image = `app:${'x'.repeat(2000)}`;
    load(sut, 'dev-1', image, 1);
    const one = sut.usedBytes;
    load(sut, 'dev-2', image, 7);
    load(sut, 'dev-3', image, 2);
    expect(sut.usedBytes - one).toBeLessThan(one / 2);
    expect(JSON.parse(sut.get('dev-3')!.document)).toMatchObject({ device_id: 'dev-3', version: '2' });
  });

  it('holds shared content once in memory, not once per device', () => {
    const sut = new AnswerCache(64 * 1024 * 1024);
    const image = `app:${'x'.repeat(20_000)}`;
    load(sut, 'dev-0', image, 1);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let i = 1; i <= 1000; i++) {
      load(sut, `dev-${i}`, image, 1);
    }
    collectGarbage();
    // One copy per device would be 1,000 × 40 KB; the entries themselves cost well under 1 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 1024 * 1024);
    expect(sut.size).toBe(1001);
  });

  it('forgets an evicted device', () => {
    const sut = new AnswerCache(1024 * 1024);
    load(sut, 'dev-1', 'app:1', 1);
    sut.evict(['dev-1']);
    expect(sut.get('dev-1')).toBeUndefined();
    expect(sut.size).toBe(0);
    expect(sut.usedBytes).toBe(0);
  });

  it('does not keep a load during which the device was evicted, but still answers it', () => {
    const sut = new AnswerCache(1024 * 1024);
    const token = sut.begin('dev-1');
    sut.evict(['dev-1']);
    const answer = sut.complete(token, content('app:1'), meta(1));
    expect(answer?.version).toBe(1);
    expect(sut.get('dev-1')).toBeUndefined();
  });

  it('spoils every load of a device in flight, not only the first', () => {
    const sut = new AnswerCache(1024 * 1024);
    const first = sut.begin('dev-1');
    const second = sut.begin('dev-1');
    sut.complete(first, content('app:1'), meta(1));
    sut.evict(['dev-1']);
    sut.complete(second, content('app:1'), meta(1));
    expect(sut.get('dev-1')).toBeUndefined();
  });

  it('spoils loads in flight when distrusted', () => {
    const sut = new AnswerCache(1024 * 1024);
    const token = sut.begin('dev-1');
    sut.distrust();
    sut.complete(token, content('app:1'), meta(1));
    expect(sut.get('dev-1')).toBeUndefined();
  });

  it('keeps distrusted answers for an outage only, until a load replaces them or an eviction removes them', () => {
    const sut = new AnswerCache(1024 * 1024);
    load(sut, 'dev-1', 'app:1', 1);
    load(sut, 'dev-2', 'app:1', 1);
    expect(sut.distrust()).toEqual(['dev-1', 'dev-2']);
    expect(sut.get('dev-1')).toBeUndefined();
    expect(sut.kept('dev-1')?.version).toBe(1);

    load(sut, 'dev-1', 'app:2', 2);
    expect(sut.get('dev-1')?.version).toBe(2);
    sut.evict(['dev-2']);
    expect(sut.kept('dev-2')).toBeUndefined();
  });

  it('keeps nothing for a device without a served configuration', () => {
    const sut = new AnswerCache(1024 * 1024);
    expect(sut.complete(sut.begin('dev-1'), undefined)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('drops the oldest entries beyond its memory bound', () => {
    const sut = new AnswerCache(2000);
    for (let i = 0; i < 10; i++) {
      load(sut, `dev-${i}`, `app:${i}`, 1);
    }
    expect(sut.usedBytes).toBeLessThanOrEqual(2000);
    expect(sut.get('dev-9')).toBeDefined();
    expect(sut.get('dev-0')).toBeUndefined();
  });
});
