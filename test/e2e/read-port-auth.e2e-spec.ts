import { READ_HEADER_BYTES, READ_STATUS, READS } from '@lib/contracts';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { DeviceJourney } from '../support/device-journey';
import { readPortHandshake } from '../support/read-port';
import { TEST_PORTS, TEST_READ_SECRET } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const LOG = join(
  process.env.STACK_DIR ?? join(__dirname, '..', '..', '.stack', 'test'),
  'logs',
  'config-service.log',
);

interface Outcome {
  /** The first answer's status, or undefined when the connection was closed without one. */
  status?: number;
  payload?: string;
}

/** One connection to the config service's read port: `lines` sent at once, the first answer or the close. */
function talk(lines: string[]): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: TEST_PORTS.configServiceTcp });
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= READ_HEADER_BYTES && data.length >= READ_HEADER_BYTES + data.readUInt32BE(5)) {
        resolve({ status: data.readUInt8(4), payload: data.toString('utf8', READ_HEADER_BYTES) });
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({}));
    socket.write(lines.map((l) => `${l}\n`).join(''));
  });
}

/**
 * The config service's read port answers configurations with their secrets opened: only a connection that opens
 * with the shared secret (CONFIG_SERVICE_READ_SECRET, which every app under test holds) is answered.
 */
describe('the read port takes a shared secret', () => {
  const journey = new DeviceJourney();

  it("answers the reads of a connection that opened with the secret, as the gateway's do", async () => {
    const ns = newNamespace();
    const id = newDeviceId();
    await journey.registered(ns, id);
    // The gateway reads through the same port: its answer proves it sends the secret.
    const viaGateway = await journey.edge.configuration(ns, id);
    expect(viaGateway.status).toBe(200);

    const read = JSON.stringify({ id: 1, op: READS.configuration, namespace: ns, deviceId: id });
    const answer = await talk([readPortHandshake(TEST_READ_SECRET), read]);

    expect(answer.status).toBe(READ_STATUS.ok);
    expect(answer.payload).toContain(id);
  });

  it('closes a connection without the secret or with a wrong one before answering, and logs each once without the secret', async () => {
    const marker = newDeviceId();
    const read = JSON.stringify({ id: 1, op: READS.configuration, namespace: 'default', deviceId: marker });
    const before = readFileSync(LOG, 'utf8').length;
    const wrongSecret = `${TEST_READ_SECRET}-but-not-quite`;

    expect(await talk([read])).toEqual({});
    expect(await talk([readPortHandshake(wrongSecret), read])).toEqual({});

    const refusals = await waitFor(
      () => {
        const lines = readFileSync(LOG, 'utf8').slice(before).split('\n');
        const found = lines.filter((l) => l.includes('Registry read connection refused'));
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'two refusals in the config service log' },
    );
    expect(refusals).toHaveLength(2);
    expect(refusals.some((l) => l.includes('no credential'))).toBe(true);
    expect(refusals.some((l) => l.includes('wrong credential'))).toBe(true);
    const logged = readFileSync(LOG, 'utf8').slice(before);
    for (const secret of [TEST_READ_SECRET, wrongSecret]) {
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });
});
