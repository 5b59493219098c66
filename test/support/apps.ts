import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait-for';

export type AppName = 'gateway' | 'config-service' | 'registration-worker' | 'heartbeat-worker';

export interface RunningApp {
  name: AppName;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * Starts a built app (dist/) as its own process, the way it runs in production, with its logs in
 * `<STACK_DIR>/logs/<name>.log`, and waits until it answers `readyPath` (at `probeUrl` when its probes are
 * on another port).
 */
export async function startApp(
  name: AppName,
  port: number,
  env: Record<string, string>,
  options: { logName?: string; probeUrl?: string; readyPath?: string } = {},
): Promise<RunningApp> {
  const { logName = name, probeUrl = `http://127.0.0.1:${port}`, readyPath = '/health/ready' } = options;
  const logDir = join(process.env.STACK_DIR ?? join(ROOT, '.stack', 'test'), 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${logName}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    env: { ...process.env, ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await waitFor(
      async () => {
        if (exited) {
          throw new Error(`${name} exited during start; see ${logDir}/${logName}.log`);
        }
        const res = await fetch(`${probeUrl}${readyPath}`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs: 90_000, what: `${name} ready on ${url}` },
    );
  } catch (error) {
    // A child that never became ready must not outlive the test run.
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name,
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
