import { AppConfig } from '@lib/config';
import { READ_HEADER_BYTES, READ_STATUS, READS, type ReadRequest, type ReadStatus } from '@lib/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server, type Socket } from 'node:net';
import { RegistryReads } from './registry-reads';

/** A request line is a few hundred bytes; a peer sending more without a newline is not the gateway. */
const MAX_LINE_BYTES = 64 * 1024;

type Answer = [ReadStatus, string];

/** Serves RegistryReads to the gateways on CONFIG_SERVICE_TCP_PORT, in the framing of READS (@lib/contracts). */
@Injectable()
export class RegistryReadsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistryReadsServer.name);
  private readonly sockets = new Set<Socket>();
  private readonly corked = new Set<Socket>();
  private server?: Server;

  constructor(
    private readonly reads: RegistryReads,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    const { tcpHost, tcpPort } = this.config.configService;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(tcpPort, tcpHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let pending = '';
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        void this.answer(socket, line);
      }
      if (pending.length > MAX_LINE_BYTES) {
        this.logger.warn({ msg: 'Registry read connection closed: request line too long' });
        socket.destroy();
      }
    });
    // A gateway that went away: its answers are dropped, and the close below forgets the socket.
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async answer(socket: Socket, line: string): Promise<void> {
    let id = 0;
    let answer: Answer;
    try {
      const request = JSON.parse(line) as ReadRequest;
      id = request.id;
      answer = await this.handle(request);
    } catch (error) {
      this.logger.error({ err: error, msg: 'Registry read failed' });
      answer = [READ_STATUS.failed, ''];
    }
    if (socket.writable) {
      const [status, payload] = answer;
      const length = Buffer.byteLength(payload);
      const frame = Buffer.allocUnsafe(READ_HEADER_BYTES + length);
      frame.writeUInt32BE(id >>> 0, 0);
      frame.writeUInt8(status, 4);
      frame.writeUInt32BE(length, 5);
      frame.write(payload, READ_HEADER_BYTES);
      this.batchWrites(socket);
      socket.write(frame);
    }
  }

  /** The answers ready in one event-loop turn go out in one write (the gateway sends its reads the same way). */
  private batchWrites(socket: Socket): void {
    if (!this.corked.has(socket)) {
      this.corked.add(socket);
      socket.cork();
      setImmediate(() => {
        this.corked.delete(socket);
        socket.uncork();
      });
    }
  }

  private async handle(request: ReadRequest): Promise<Answer> {
    const ref = { namespace: String(request.namespace), deviceId: String(request.deviceId) };
    switch (request.op) {
      case READS.configuration: {
        const reply = await this.reads.configuration(ref);
        return reply.found ? [READ_STATUS.ok, reply.document] : [READ_STATUS.notFound, ''];
      }
      case READS.playbookExecutions: {
        const reply = await this.reads.playbookExecutions(ref);
        return reply.found ? [READ_STATUS.ok, JSON.stringify(reply.executions)] : [READ_STATUS.notFound, ''];
      }
      case READS.recordingPolicies:
        return [READ_STATUS.ok, JSON.stringify(await this.reads.recordingPolicies())];
    }
    throw new Error(`Unknown registry read ${String(request.op)}`);
  }
}
