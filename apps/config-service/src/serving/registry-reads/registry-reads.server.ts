import { AppConfig, loadReadSecret } from '@lib/config';
import {
  READ_HANDSHAKE_PREFIX,
  READ_HEADER_BYTES,
  READ_STATUS,
  type ReadAnswer,
  type ReadRequest,
} from '@lib/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';

/** A request line is a few hundred bytes; a peer sending more without a newline is not the gateway. */
const MAX_LINE_BYTES = 64 * 1024;

/** A connection that has not sent its secret by then is not a gateway's (the gateway sends it at once). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

const digest = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

const FAILED: ReadAnswer = { status: READ_STATUS.failed, payload: '' };

/**
 * Nest's transport for the gateways' reads on CONFIG_SERVICE_TCP_PORT, in the framing of READS (@lib/contracts):
 * each request line goes to the `@MessagePattern(op)` handler, whose `ReadAnswer` goes back as one frame.
 */
@Injectable()
export class RegistryReadsServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(RegistryReadsServer.name);
  private readonly sockets = new Set<Socket>();
  private readonly corked = new Set<Socket>();
  private server?: NetServer;
  /** SHA-256 of the shared secret: comparing digests keeps the comparison constant-time whatever was sent. */
  private readonly secretDigest?: Buffer;

  constructor(private readonly config: AppConfig) {
    super();
    const secret = loadReadSecret(config.configService.readSecret);
    this.secretDigest = secret && digest(secret);
  }

  listen(callback: (error?: unknown) => void): void {
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    const { tcpHost, tcpPort } = this.config.configService;
    server.once('error', callback);
    server.listen(tcpPort, tcpHost, () => {
      server.off('error', callback);
      callback();
    });
  }

  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  on(): never {
    throw new Error('RegistryReadsServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.server as T;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let pending = '';
    // Authenticated once per connection, by its first line; every later line is a read.
    let authenticated = !this.secretDigest;
    const timer = authenticated
      ? undefined
      : setTimeout(() => this.refuse(socket, 'no credential within 10 s'), HANDSHAKE_TIMEOUT_MS);
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        if (!authenticated) {
          clearTimeout(timer);
          const refusal = this.checkHandshake(line);
          if (refusal) {
            this.refuse(socket, refusal);
            return;
          }
          authenticated = true;
        } else if (!line.startsWith(READ_HANDSHAKE_PREFIX)) {
          // A gateway with a secret talking to a loopback config service without one: its handshake is ignored.
          void this.answer(socket, line);
        }
      }
      if (pending.length > MAX_LINE_BYTES) {
        this.logger.warn({ msg: 'Registry read connection closed: request line too long' });
        socket.destroy();
      }
    });
    // A gateway that went away: its answers are dropped, and the close below forgets the socket.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      this.sockets.delete(socket);
    });
  }

  /** Why the first line does not authenticate the connection, or undefined when it does. */
  private checkHandshake(line: string): string | undefined {
    if (!line.startsWith(READ_HANDSHAKE_PREFIX)) {
      return 'no credential';
    }
    const sent = digest(Buffer.from(line.slice(READ_HANDSHAKE_PREFIX.length), 'base64'));
    return timingSafeEqual(sent, this.secretDigest!) ? undefined : 'wrong credential';
  }

  /** Logged once per connection (which is closed at once); the secret, right or wrong, is never logged. */
  private refuse(socket: Socket, reason: string): void {
    this.logger.warn({
      msg: `Registry read connection refused: ${reason}`,
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
    });
    socket.destroy();
  }

  private async answer(socket: Socket, line: string): Promise<void> {
    let id = 0;
    let answer: ReadAnswer;
    try {
      const request = JSON.parse(line) as ReadRequest;
      id = request.id;
      answer = await this.handle(request);
    } catch (error) {
      this.logger.error({ err: error, msg: 'Registry read failed' });
      answer = FAILED;
    }
    if (socket.writable) {
      const length = Buffer.byteLength(answer.payload);
      const frame = Buffer.allocUnsafe(READ_HEADER_BYTES + length);
      frame.writeUInt32BE(id >>> 0, 0);
      frame.writeUInt8(answer.status, 4);
      frame.writeUInt32BE(length, 5);
      frame.write(answer.payload, READ_HEADER_BYTES);
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

  /**
   * Calls the op's handler through Nest's pipeline. A handler that returns a value is not wrapped in RxJS; an
   * error comes back from Nest's exception filters as an Observable that errors (and was logged there).
   */
  private async handle(request: ReadRequest): Promise<ReadAnswer> {
    const handler = this.messageHandlers.get(String(request.op));
    // The app's `@EventPattern`s are its Kafka transport's.
    if (!handler || handler.isEventHandler) {
      throw new Error(`Unknown registry read ${String(request.op)}`);
    }
    const result: unknown = await handler({ namespace: request.namespace, deviceId: request.deviceId });
    return isObservable(result)
      ? lastValueFrom(result as Observable<ReadAnswer>).catch(() => FAILED)
      : (result as ReadAnswer);
  }
}
