import { TOPICS } from '@lib/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './options';

/** Runs one simulator scenario in its own process and returns its result. */
export function simulate<T>(spec: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist', 'bench', 'simulator', 'main.js'), JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) {
        reject(new Error(`simulator ${String(spec.scenario)} failed (exit ${code})`));
        return;
      }
      resolve(JSON.parse(line.slice('RESULT '.length)) as T);
    });
  });
}

/** A counter from an app's Prometheus /metrics, summed over the series whose labels contain `match`. */
export async function metric(url: string, name: string, match: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) {
      continue;
    }
    if (Object.entries(match).every(([k, v]) => line.includes(`${k}="${v}"`))) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

/** How many records a topic holds in all (sum of its partitions' end offsets). */
export async function topicEnd(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'bench-probe', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

export const HEARTBEAT_TOPICS = { received: TOPICS.heartbeatReceived, recorded: TOPICS.deviceHeartbeat };

export const load = (): number[] => loadavg().map((n) => Math.round(n * 100) / 100);
