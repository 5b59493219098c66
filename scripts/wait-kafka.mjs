#!/usr/bin/env node
// Waits until a Kafka broker answers a metadata request (admin.describeCluster), for scripts/stack.sh.
//
// Usage: node scripts/wait-kafka.mjs [timeoutSeconds=60] [pid]
//   env KAFKA_BROKERS  comma-separated host:port list (default 127.0.0.1:9092)
//   pid                optional: give up at once if this process dies (the broker we just started), rather than
//                      polling a dead broker until the timeout.
// Exit code: 0 when the broker answered, 1 otherwise.
import { Kafka, logLevel } from 'kafkajs';
import { clearTimeout, setTimeout } from 'node:timers';

const timeoutSeconds = Number(process.argv[2] ?? 60);
const watchedPid = process.argv[3] ? Number(process.argv[3]) : undefined;
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
  console.error(`[wait-kafka] invalid timeout: ${process.argv[2]}`);
  process.exit(1);
}

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);

const kafka = new Kafka({
  clientId: 'stack-wait-kafka',
  brokers,
  // Connection errors are the expected state while the broker boots: keep them out of the output.
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 3000,
  // We do our own polling; KafkaJS' exponential retry would overshoot the deadline.
  retry: { retries: 0 },
});

const deadline = Date.now() + timeoutSeconds * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but belongs to someone else.
    return err.code === 'EPERM';
  }
}

// A hung connection attempt must not outlive the deadline.
function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

let lastError;
while (Date.now() < deadline) {
  if (watchedPid !== undefined && !processIsAlive(watchedPid)) {
    console.error(`[wait-kafka] process ${watchedPid} exited before the broker became ready`);
    process.exit(1);
  }
  const admin = kafka.admin();
  try {
    const remaining = Math.max(deadline - Date.now(), 1);
    const cluster = await withTimeout(
      (async () => {
        await admin.connect();
        return admin.describeCluster();
      })(),
      Math.min(remaining, 5000),
    );
    // An empty broker list means the metadata is not usable yet.
    if (cluster.brokers.length > 0) {
      const list = cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
      console.log(`[wait-kafka] ready: cluster ${cluster.clusterId}, brokers ${list}`);
      await admin.disconnect().catch(() => {});
      process.exit(0);
    }
    lastError = new Error('no broker in metadata yet');
  } catch (err) {
    lastError = err;
  }
  await admin.disconnect().catch(() => {});
  await sleep(500);
}

console.error(
  `[wait-kafka] no answer from ${brokers.join(',')} within ${timeoutSeconds} s` +
    (lastError ? `: ${lastError.message}` : ''),
);
process.exit(1);
