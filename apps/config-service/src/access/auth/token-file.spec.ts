import { InvalidConfigError } from '@lib/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTokenFile } from './token-file';

const SHA = 'a'.repeat(64);

function fileWith(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tokens-')), 'tokens.yaml');
  writeFileSync(path, content);
  return path;
}

describe(readTokenFile.name, () => {
  it('reads YAML entries keyed by hash', () => {
    const grants = readTokenFile(
      fileWith(
        `tokens:\n  - name: alice\n    sha256: ${SHA.toUpperCase()}\n    roles: [operator]\n    namespaces: [team-a]\n`,
      ),
    );

    expect(grants.get(SHA)).toEqual({
      name: 'alice',
      sha256: SHA,
      roles: ['operator'],
      namespaces: ['team-a'],
      source: 'file',
    });
  });

  it('names every bad entry under AUTH_TOKENS_FILE at once', () => {
    const path = fileWith(
      JSON.stringify({
        tokens: [
          { name: 'ok', sha256: SHA, roles: ['viewer'], namespaces: ['*'] },
          { name: 'plain', sha256: 'my-token', roles: ['viewer'], namespaces: ['*'] },
          { name: 'boss', sha256: 'b'.repeat(64), roles: ['root'], namespaces: ['*'] },
          { name: 'again', sha256: SHA, roles: ['viewer'], namespaces: ['*'] },
          {
            name: 'fast',
            sha256: 'c'.repeat(64),
            roles: ['viewer'],
            namespaces: ['*'],
            rateLimit: { burst: 0 },
          },
        ],
      }),
    );

    let error: InvalidConfigError | undefined;
    try {
      readTokenFile(path);
    } catch (e) {
      error = e as InvalidConfigError;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.problems.every((p) => p.startsWith(`AUTH_TOKENS_FILE=${path}`))).toBe(true);
    expect(error!.problems.join('\n')).toMatch(/tokens\[1\].*never the token itself/);
  });

  it('refuses a file that is not a token list', () => {
    expect(() => readTokenFile(fileWith('just: text'))).toThrow(/must hold a list under "tokens"/);
    expect(() => readTokenFile('/nonexistent/tokens.yaml')).toThrow(/AUTH_TOKENS_FILE=\/nonexistent/);
  });
});
