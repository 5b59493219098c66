import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PORTS, testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');

/**
 * `scripts/stack.sh` with a stack dir and a PostgreSQL port of its own (the broker is the test system's, which
 * stack.sh uses rather than starts): the embedded PostgreSQL's data goes under STACK_DIR, the PID recorded is the
 * server's, and a wrapper killed hard leaves nothing that `up` or `down` mistakes for an outside server.
 */
describe('scripts/stack.sh and its embedded PostgreSQL', () => {
  const stackDir = mkdtempSync(join(tmpdir(), 'stack-sh-'));
  // Run as root, PostgreSQL runs as the postgres account, which must reach its data dir (mkdtemp makes it 0700).
  chmodSync(stackDir, 0o755);
  const pgPort = TEST_PORTS.stackScriptPostgres;
  const env = {
    ...process.env,
    STACK_DIR: stackDir,
    KAFKA_BROKERS: testConfig().kafka.brokers.join(','),
    DB_HOST: '127.0.0.1',
    DB_PORT: String(pgPort),
    DB_USER: 'postgres',
    DB_PASSWORD: '',
    DB_NAME: 'stack_sh_test',
    STACK_SKIP_APP_SETUP: '1',
  };
  const stack = (cmd: string) => {
    const r = spawnSync('bash', [join(ROOT, 'scripts', 'stack.sh'), cmd], { env, encoding: 'utf8' });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const pidIn = (file: string) => Number(readFileSync(file, 'utf8').split('\n')[0].trim());
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const serverPidFile = join(stackDir, 'run', 'postgres-server.pid');
  const wrapperPidFile = join(stackDir, 'run', 'postgres.pid');
  const postmasterPid = () => pidIn(join(stackDir, 'postgres', 'postmaster.pid'));

  afterAll(() => {
    stack('down');
    rmSync(stackDir, { recursive: true, force: true });
  });

  it(
    'keeps the data under STACK_DIR and records the server PID apart from the wrapper PID',
    { timeout: 120_000 },
    () => {
      const up = stack('up');
      expect(up.out).toContain(`data ${stackDir}/postgres`);
      expect(up.status).toBe(0);
      expect(existsSync(join(stackDir, 'postgres', 'PG_VERSION'))).toBe(true);
      const server = pidIn(serverPidFile);
      expect(server).toBe(postmasterPid());
      expect(server).not.toBe(pidIn(wrapperPidFile));
      expect(readFileSync(`/proc/${server}/cmdline`, 'utf8')).toContain(join(stackDir, 'postgres'));
    },
  );

  it(
    'restarts a server whose wrapper was SIGKILLed instead of taking it for an outside one',
    { timeout: 120_000 },
    async () => {
      const server = pidIn(serverPidFile);
      process.kill(pidIn(wrapperPidFile), 'SIGKILL');
      expect(alive(server)).toBe(true);
      const status = stack('status');
      expect(status.status).toBe(3);
      expect(status.out).toContain(`embedded server pid ${server} runs without its wrapper`);

      const up = stack('up');
      expect(up.status).toBe(0);
      expect(up.out).toContain(`stopping orphaned embedded PostgreSQL server (pid ${server})`);
      expect(up.out).not.toContain(`PostgreSQL at 127.0.0.1:${pgPort} answers, using it`);
      await waitFor(() => !alive(server), { what: 'the orphaned server gone' });
      expect(pidIn(serverPidFile)).toBe(postmasterPid());
      expect(pidIn(serverPidFile)).not.toBe(server);
    },
  );

  it('stops the server on down even when its wrapper was SIGKILLed', { timeout: 120_000 }, async () => {
    const server = pidIn(serverPidFile);
    process.kill(pidIn(wrapperPidFile), 'SIGKILL');
    const down = stack('down');
    expect(down.status).toBe(0);
    expect(down.out).toContain(`stopping PostgreSQL server (pid ${server})`);
    await waitFor(() => !alive(server), { what: 'the server stopped' });
    expect(existsSync(serverPidFile)).toBe(false);
    expect(stack('status').out).toContain(`nothing answers on 127.0.0.1:${pgPort}`);
  });
});
