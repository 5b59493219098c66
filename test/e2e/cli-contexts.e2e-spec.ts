import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { tokenOf } from '../support/auth';
import { edgectl, tempConfig } from './cli-runner';

// Each test runs the bin several times, a process each: slow on a loaded machine, hence the long timeout.
describe('edgectl: logging in, contexts, refusals and exit codes', { timeout: 240_000 }, () => {
  const server = inject('configServiceUrl');

  it('logs in after checking the token, and writes the token to a file only its owner can read', async () => {
    const config = tempConfig();
    const login = await edgectl(config, ['login', server, '--token', tokenOf('admin'), '--name', 'test']);
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain('as token:admin');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(config)).isDirectory()).toBe(true);
    const saved = parse((await import('node:fs')).readFileSync(config, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({
      'current-context': 'test',
      contexts: [{ name: 'test', server, token: tokenOf('admin') }],
    });
    expect((await edgectl(config, ['config', 'current-context'])).stdout.trim()).toBe('test');
  });

  it('refuses to save a bad token, with a clear message and exit 4; nothing is written', async () => {
    const config = tempConfig();
    const bad = await edgectl(config, ['login', server, '--token', 'not-a-token']);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/^error: UNAUTHENTICATED: /m);
    expect(bad.stderr).toContain('edgectl login');
    expect(() => statSync(config)).toThrow();

    const none = await edgectl(config, ['login', server]);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('no token');
  });

  it('reads the token from a file or EDGECTL_TOKEN, and keeps several contexts', async () => {
    const config = tempConfig();
    const tokenFile = join(dirname(config), 'token');
    writeFileSync(tokenFile, `${tokenOf('viewer')}\n`);
    expect(
      (await edgectl(config, ['login', server, '--token-file', tokenFile, '--name', 'viewer'])).code,
    ).toBe(0);
    const fromEnv = await edgectl(config, ['login', server, '--name', 'operator', '--namespace', 'team-a'], {
      env: { EDGECTL_TOKEN: tokenOf('operator') },
    });
    expect(fromEnv.code).toBe(0);

    const listed = await edgectl(config, ['config', 'get-contexts', '-o', 'json']);
    expect(JSON.parse(listed.stdout)).toEqual({
      kind: 'List',
      items: [
        { name: 'viewer', server, namespace: null, current: false },
        { name: 'operator', server, namespace: 'team-a', current: true },
      ],
    });
    expect(listed.stdout).not.toContain(tokenOf('viewer'));
    const table = await edgectl(config, ['config', 'get-contexts']);
    expect(table.stdout.split('\n')[0]).toMatch(/^CURRENT\s+NAME\s+SERVER\s+NAMESPACE$/);

    expect((await edgectl(config, ['config', 'use-context', 'viewer'])).code).toBe(0);
    expect((await edgectl(config, ['config', 'current-context'])).stdout.trim()).toBe('viewer');
    expect((await edgectl(config, ['config', 'use-context', 'nope'])).code).toBe(3);

    // The viewer may not approve: refused, 4, with the server's code and correlation id.
    const refused = await edgectl(config, ['approve', 'dev-refused-1']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error: FORBIDDEN: /m);
    expect(refused.stderr).toMatch(/^correlationId: \S+/m);
    // --context picks another saved context for one command.
    const asOperator = await edgectl(config, ['--context', 'operator', 'get', 'workloads', '-o', 'json']);
    expect(asOperator.code).toBe(0);
    expect(JSON.parse(asOperator.stdout)).toEqual({ kind: 'List', items: [] });
  });

  it('exits 4 without any token, 2 on a usage error, 3 when not found, and prints versions', async () => {
    const config = tempConfig();
    const noToken = await edgectl(config, ['--server', server, 'get', 'devices']);
    expect(noToken.code).toBe(4);
    expect(noToken.stderr).toContain('no token');
    const noServer = await edgectl(config, ['get', 'devices']);
    expect(noServer.code).toBe(4);
    expect(noServer.stderr).toContain('log in');

    const env = { EDGECTL_TOKEN: tokenOf('admin') };
    expect((await edgectl(config, ['--server', server, 'get', 'gizmos'], { env })).code).toBe(2);
    expect((await edgectl(config, ['--server', server, 'reject', 'dev-x'], { env })).code).toBe(2);
    expect((await edgectl(config, ['--server', server, 'get', 'devices', '-o', 'xml'], { env })).code).toBe(
      2,
    );
    expect(
      (await edgectl(config, ['--server', server, 'label', 'device', 'dev-x', 'bad key=1'], { env })).code,
    ).toBe(2);
    expect((await edgectl(config, ['frobnicate'])).code).toBe(2);

    const missing = await edgectl(config, ['--server', server, 'get', 'workload', 'nope', '-n', 'team-a'], {
      env,
    });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('workloads "nope" not found');
    const missingDevice = await edgectl(
      config,
      ['--server', server, 'label', 'device', 'dev-none', 'a=b', '-n', 'team-a'],
      { env },
    );
    expect(missingDevice.code).toBe(3);
    expect(missingDevice.stderr).toMatch(/DEVICE_NOT_FOUND/);
    const unreachable = await edgectl(config, ['--server', 'http://127.0.0.1:1', 'get', 'devices'], { env });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach');

    const version = await edgectl(config, ['--server', server, 'version', '-o', 'json'], { env });
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({
      client: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      server: { url: server, apiVersion: '1' },
    });
    expect((await edgectl(config, ['--server', server, 'version'], { env })).stdout).toMatch(
      /^Client Version: /,
    );
  });

  it('has help with examples on every command, and shell completion', async () => {
    const config = tempConfig();
    const commands = [
      ['get'],
      ['describe'],
      ['approve'],
      ['reject'],
      ['label'],
      ['decommission'],
      ['apply'],
      ['diff'],
      ['delete'],
      ['audit'],
      ['token', 'create'],
      ['token', 'revoke'],
      ['version'],
      ['login'],
      ['config'],
      ['completion'],
    ];
    const helps = await Promise.all(commands.map((command) => edgectl(config, [...command, '--help'])));
    helps.forEach((help, i) => {
      expect(help.code, commands[i].join(' ')).toBe(0);
      expect(help.stdout, commands[i].join(' ')).toContain('Examples:');
    });
    const bash = await edgectl(config, ['completion', 'bash']);
    expect(bash.stdout).toContain('complete -F _edgectl edgectl');
    expect(bash.stdout).toContain('playbookexecutions');
    expect((await edgectl(config, ['completion', 'zsh'])).stdout).toContain('#compdef edgectl');
    expect((await edgectl(config, ['completion', 'fish'])).code).toBe(2);
  });
});
