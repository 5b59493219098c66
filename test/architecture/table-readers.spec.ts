import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Tables whose data is a contract of their owner alone: other apps get it from an event, into a table of theirs. */
const PRIVATE_TABLES = { device_configuration: 'config-service', desired_configuration: 'heartbeat-worker' };

describe('tables read by their owner only', () => {
  for (const [table, owner] of Object.entries(PRIVATE_TABLES)) {
    it(`no app but ${owner} names ${table}`, () => {
      const readers = readdirSync(join(ROOT, 'apps'))
        .filter((app) => app !== owner)
        .flatMap((app) => sources(join(ROOT, 'apps', app)))
        .filter((file) => new RegExp(`\\b${table}\\b`).test(readFileSync(file, 'utf8')))
        .map((file) => file.slice(ROOT.length + 1));
      expect(readers).toEqual([]);
    });
  }
});
