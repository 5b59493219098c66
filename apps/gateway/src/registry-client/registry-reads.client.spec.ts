import {
  READ_HANDSHAKE_PREFIX,
  READ_HEADER_BYTES,
  READ_STATUS,
  type ReadAnswer,
  type ReadData,
  type ReadRequest,
} from '@lib/contracts';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryReadsClient } from './registry-reads.client';

const read = (client: RegistryReadsClient, op: string, data: ReadData = {}): Promise<ReadAnswer> =>
  lastValueFrom(client.send<ReadAnswer, ReadData>(op, data));

function frame(id: number, status: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(READ_HEADER_BYTES);
  header.writeUInt32BE(id, 0);
  header.writeUInt8(status, 4);
  header.writeUInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

describe(RegistryReadsClient.name, () => {
  let server: Server;
  let sockets: Socket[];
  let requests: ReadRequest[];
  /** What the fake config service does with each request line. */
  let onRequest: (socket: Socket, request: ReadRequest) => void;
  let sut: RegistryReadsClient;

  beforeEach(async () => {
    sockets = [];
    requests = [];
    onRequest = (socket, r) => socket.write(frame(r.id, READ_STATUS.ok, `{"device":"${r.deviceId}"}`));
    server = createServer((socket) => {
      sockets.push(socket);
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString();
        let end: number;
        while ((end = pending.indexOf('\n')) >= 0) {
          const request = JSON.parse(pending.slice(0, end)) as ReadRequest;
          pending = pending.slice(end + 1);
          requests.push(request);
          onRequest(socket, request);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sut = new RegistryReadsClient({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      timeoutMs: 500,
    });
  });

  afterEach(async () => {
    sut.close();
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  it('matches answers to reads by id, in whatever order they come and however they are cut', async () => {
    const held: ReadRequest[] = [];
    onRequest = (socket, r) => {
      held.push(r);
      if (held.length === 2) {
        // The second answer first, split across three writes.
        const both = Buffer.concat([
          frame(held[1].id, READ_STATUS.notFound, ''),
          frame(held[0].id, READ_STATUS.ok, '{"ü":"ß"}'),
        ]);
        socket.write(both.subarray(0, 4));
        socket.write(both.subarray(4, 15));
        socket.write(both.subarray(15));
      }
    };
    const first = read(sut, 'configuration', { namespace: 'ns', deviceId: 'a' });
    const second = read(sut, 'configuration', { namespace: 'ns', deviceId: 'b' });
    await expect(first).resolves.toEqual({ status: READ_STATUS.ok, payload: '{"ü":"ß"}' });
    await expect(second).resolves.toEqual({ status: READ_STATUS.notFound, payload: '' });
    expect(requests.map((r) => [r.op, r.namespace, r.deviceId])).toEqual([
      ['configuration', 'ns', 'a'],
      ['configuration', 'ns', 'b'],
    ]);
  });

  it('sends the reads waiting on a lost connection again once, on a new connection', async () => {
    // The first connection is closed without an answer, as by a config service that stops.
    onRequest = (socket, r) =>
      sockets.length === 1 ? socket.destroy() : socket.write(frame(r.id, READ_STATUS.ok, `"${r.deviceId}"`));
    const answers = await Promise.all(
      ['a', 'b'].map((deviceId) => read(sut, 'configuration', { namespace: 'ns', deviceId })),
    );
    expect(answers.map((a) => a.payload)).toEqual(['"a"', '"b"']);
    expect(sockets).toHaveLength(2);
    // Both sent again on the new connection, with their ids.
    expect(requests.slice(-2).map((r) => r.deviceId)).toEqual(['a', 'b']);
  });

  it('fails a read whose second connection is lost too, and connects again for the next read', async () => {
    onRequest = (socket) => socket.destroy();
    await expect(read(sut, 'recording-policies')).rejects.toThrow();
    expect(sockets).toHaveLength(2);
    onRequest = (socket, r) => socket.write(frame(r.id, READ_STATUS.ok, '{}'));
    await expect(read(sut, 'recording-policies')).resolves.toEqual({
      status: READ_STATUS.ok,
      payload: '{}',
    });
    expect(sockets).toHaveLength(3);
  });

  it('fails a read not answered in time alone, and drops its late answer', async () => {
    let late: (() => void) | undefined;
    onRequest = (socket, r) => {
      if (r.deviceId === 'slow') {
        late = () => socket.write(frame(r.id, READ_STATUS.ok, '"late"'));
      } else {
        socket.write(frame(r.id, READ_STATUS.ok, '"fast"'));
      }
    };
    await expect(read(sut, 'configuration', { namespace: 'ns', deviceId: 'slow' })).rejects.toThrow(
      /within 500 ms/,
    );
    late?.();
    await expect(read(sut, 'configuration', { namespace: 'ns', deviceId: 'quick' })).resolves.toEqual({
      status: READ_STATUS.ok,
      payload: '"fast"',
    });
  });

  it('fails at once when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new RegistryReadsClient({ host: '127.0.0.1', port, timeoutMs: 5000 });
    await expect(read(nowhere, 'recording-policies')).rejects.toThrow();
    nowhere.close();
  });
});

describe(`${RegistryReadsClient.name} with a shared secret`, () => {
  it('sends the secret once, as the first line of the connection, ahead of its reads', async () => {
    const lines: string[][] = [];
    const server = createServer((socket) => {
      const mine: string[] = [];
      lines.push(mine);
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString();
        let end: number;
        while ((end = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, end);
          pending = pending.slice(end + 1);
          mine.push(line);
          if (!line.startsWith(READ_HANDSHAKE_PREFIX)) {
            const request = JSON.parse(line) as ReadRequest;
            socket.write(frame(request.id, READ_STATUS.ok, '{}'));
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const secret = Buffer.from('the-read-port-secret-of-32-characters-or-more');
    const sut = new RegistryReadsClient({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      timeoutMs: 2000,
      secret,
    });
    try {
      await Promise.all([
        read(sut, 'configuration', { deviceId: 'a' }),
        read(sut, 'configuration', { deviceId: 'b' }),
      ]);
      await read(sut, 'configuration', { deviceId: 'c' });

      const handshake = `${READ_HANDSHAKE_PREFIX}${secret.toString('base64')}`;
      expect(lines.map((connection) => connection.map((l) => (l === handshake ? 'AUTH' : 'read')))).toEqual([
        ['AUTH', 'read', 'read', 'read'],
      ]);
    } finally {
      sut.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
