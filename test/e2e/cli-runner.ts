import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built bin, run as operators run it: its shebang, not `node <file>`. */
export const EDGECTL_BIN = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'edgectl.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A private config file per test file: the tests never touch the user's ~/.config/edgectl. */
export function tempConfig(): string {
  return join(mkdtempSync(join(tmpdir(), 'edgectl-')), 'config.yaml');
}

/** Runs `edgectl <args>` to its end, with `EDGECTL_CONFIG` set and no inherited token. */
export function edgectl(
  config: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, EDGECTL_CONFIG: config, ...options.env };
    if (!options.env?.EDGECTL_TOKEN) {
      delete env.EDGECTL_TOKEN;
    }
    const child = spawn(EDGECTL_BIN, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running `edgectl` (`get -w`): its output so far, and a way to stop it. */
export function edgectlBackground(
  config: string,
  args: string[],
): { output: () => string; stop: () => Promise<void> } {
  const env: NodeJS.ProcessEnv = { ...process.env, EDGECTL_CONFIG: config };
  delete env.EDGECTL_TOKEN;
  const child = spawn(EDGECTL_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return {
    output: () => stdout,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('close', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
