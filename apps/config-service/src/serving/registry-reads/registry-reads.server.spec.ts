import type { AppConfig } from '@lib/config';
import {
  READ_HANDSHAKE_PREFIX,
  READ_HEADER_BYTES,
  READ_STATUS,
  READS,
  type ReadAnswer,
  type ReadData,
} from '@lib/contracts';
import { Controller, type INestMicroservice, type Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RegistryReadsServer } from './registry-reads.server';

@Controller()
class FakeReads {
  @MessagePattern(READS.configuration)
  configuration(@Payload() data: ReadData): Promise<ReadAnswer> {
    if (data.deviceId === 'broken') {
      return Promise.reject(new Error('database down'));
    }
    return Promise.resolve({
      status: READ_STATUS.ok,
      payload: `{"device":"${String(data.deviceId)}","ü":1}`,
    });
  }
}

interface Frame {
  id: number;
  status: number;
  payload: string;
}

/** Sends request lines on one connection and collects `count` answers. */
async function ask(port: number, lines: string[], count: number): Promise<Frame[]> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  const frames: Frame[] = [];
  let data = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      while (data.length >= READ_HEADER_BYTES && data.length >= READ_HEADER_BYTES + data.readUInt32BE(5)) {
        const end = READ_HEADER_BYTES + data.readUInt32BE(5);
        frames.push({
          id: data.readUInt32BE(0),
          status: data.readUInt8(4),
          payload: data.toString('utf8', READ_HEADER_BYTES, end),
        });
        data = data.subarray(end);
      }
      if (frames.length >= count) {
        resolve();
      }
    });
    socket.write(lines.map((l) => `${l}\n`).join(''));
  });
  socket.destroy();
  return frames.sort((a, b) => a.id - b.id);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe(RegistryReadsServer.name, () => {
  let app: INestMicroservice;
  let port: number;

  beforeEach(async () => {
    port = await freePort();
    const config = { configService: { tcpHost: '127.0.0.1', tcpPort: port } } as AppConfig;
    const moduleRef = await Test.createTestingModule({ controllers: [FakeReads] }).compile();
    app = moduleRef.createNestMicroservice({ strategy: new RegistryReadsServer(config), logger: false });
    await app.listen();
  });

  afterEach(() => app.close());

  it("answers each request line with its @MessagePattern handler's answer, framed with the request's id", async () => {
    const frames = await ask(
      port,
      [
        JSON.stringify({ id: 7, op: READS.configuration, namespace: 'ns', deviceId: 'a' }),
        JSON.stringify({ id: 8, op: READS.configuration, namespace: 'ns', deviceId: 'b' }),
      ],
      2,
    );

    expect(frames).toEqual([
      { id: 7, status: READ_STATUS.ok, payload: '{"device":"a","ü":1}' },
      { id: 8, status: READ_STATUS.ok, payload: '{"device":"b","ü":1}' },
    ]);
  });

  it('answers failed to a read whose handler threw, to an unknown op and to a line that is not JSON', async () => {
    const frames = await ask(
      port,
      [
        JSON.stringify({ id: 1, op: READS.configuration, namespace: 'ns', deviceId: 'broken' }),
        JSON.stringify({ id: 2, op: 'no-such-read' }),
        '{not json',
      ],
      3,
    );

    expect(frames).toEqual([
      { id: 0, status: READ_STATUS.failed, payload: '' },
      { id: 1, status: READ_STATUS.failed, payload: '' },
      { id: 2, status: READ_STATUS.failed, payload: '' },
    ]);
  });
});

/** Resolves when the server closes `socket`; fails the test if it answers anything first. */
function closedWithoutAnswer(socket: Socket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.on('data', () => reject(new Error('the server answered an unauthenticated connection')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

describe(`${RegistryReadsServer.name} with a shared secret`, () => {
  const SECRET = 'a-read-port-secret-of-at-least-32-characters';
  const read = JSON.stringify({ id: 3, op: READS.configuration, namespace: 'ns', deviceId: 'a' });
  let app: INestMicroservice;
  let server: RegistryReadsServer;
  let port: number;
  let warnings: unknown[];

  beforeEach(async () => {
    port = await freePort();
    const config = {
      configService: { tcpHost: '127.0.0.1', tcpPort: port, readSecret: { value: SECRET } },
    } as AppConfig;
    server = new RegistryReadsServer(config);
    warnings = [];
    vi.spyOn((server as unknown as { logger: Logger }).logger, 'warn').mockImplementation(
      (entry: unknown) => {
        warnings.push(entry);
      },
    );
    const moduleRef = await Test.createTestingModule({ controllers: [FakeReads] }).compile();
    app = moduleRef.createNestMicroservice({ strategy: server, logger: false });
    await app.listen();
  });

  afterEach(() => app.close());

  const handshake = (secret: string) => `${READ_HANDSHAKE_PREFIX}${Buffer.from(secret).toString('base64')}`;

  it('answers the reads that follow the right secret, on the same connection', async () => {
    const frames = await ask(port, [handshake(SECRET), read], 1);

    expect(frames).toEqual([{ id: 3, status: READ_STATUS.ok, payload: '{"device":"a","ü":1}' }]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['a wrong secret', [handshake(`${SECRET}x`), read], 'wrong credential'],
    ['no secret', [read, read], 'no credential'],
    ['an empty secret', [READ_HANDSHAKE_PREFIX, read], 'wrong credential'],
  ])(
    'closes a connection with %s without answering, and logs it once without the secret',
    async (_, lines, reason) => {
      const socket = connect({ host: '127.0.0.1', port });
      const closed = closedWithoutAnswer(socket);
      socket.write(lines.map((l) => `${l}\n`).join(''));
      await closed;

      expect(warnings).toEqual([
        expect.objectContaining({ msg: `Registry read connection refused: ${reason}` }),
      ]);
      expect(JSON.stringify(warnings)).not.toContain(Buffer.from(SECRET).toString('base64'));
      expect(JSON.stringify(warnings)).not.toContain(SECRET);
    },
  );
});
