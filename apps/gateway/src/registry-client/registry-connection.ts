import { READ_HEADER_BYTES, type ReadRequest, type ReadStatus } from '@lib/contracts';
import { connect, type Socket } from 'node:net';

export interface ReadAnswer {
  status: ReadStatus;
  /** The payload as UTF-8 text. */
  payload: string;
}

interface Waiter {
  resolve: (answer: ReadAnswer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP connection to the config service, carrying any number of reads at once in the framing of READS
 * (@lib/contracts). Connects on the first read and again after the connection is lost; a lost connection fails
 * every read waiting on it, and a read not answered within `timeoutMs` fails alone.
 */
export class RegistryConnection {
  private socket?: Socket;
  private readonly waiting = new Map<number, Waiter>();
  private lastId = 0;
  private received?: Buffer;
  private flushScheduled = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  read(request: Omit<ReadRequest, 'id'>): Promise<ReadAnswer> {
    // Ids are u32 on the wire; 0 is what the server answers when it could not read the id.
    this.lastId = this.lastId >= 0xffffffff ? 1 : this.lastId + 1;
    const id = this.lastId;
    const socket = this.socket ?? this.connect();
    return new Promise<ReadAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`No answer from the config service within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      // Written before the connection is up, it waits in the socket's buffer.
      const line = { id, op: request.op, namespace: request.namespace, deviceId: request.deviceId };
      this.batchWrites(socket);
      socket.write(`${JSON.stringify(line)}\n`);
    });
  }

  /**
   * Holds the reads of one event-loop turn and sends them in one write: a system call per read was 4 % of the
   * gateway's busy time under the read load.
   */
  private batchWrites(socket: Socket): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      socket.cork();
      setImmediate(() => {
        this.flushScheduled = false;
        socket.uncork();
      });
    }
  }

  close(): void {
    this.socket?.destroy();
  }

  private connect(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true, keepAlive: true });
    this.socket = socket;
    this.received = undefined;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(socket, error));
    socket.on('close', () => this.fail(socket, new Error('The config service closed the connection')));
    return socket;
  }

  /** Every read sent on `socket` fails; the next read opens a new connection. */
  private fail(socket: Socket, error: Error): void {
    if (this.socket !== socket) {
      return;
    }
    this.socket = undefined;
    socket.destroy();
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiting.clear();
  }

  private receive(chunk: Buffer): void {
    let data = this.received ? Buffer.concat([this.received, chunk]) : chunk;
    while (data.length >= READ_HEADER_BYTES) {
      const end = READ_HEADER_BYTES + data.readUInt32BE(5);
      if (data.length < end) {
        break;
      }
      const id = data.readUInt32BE(0);
      const waiter = this.waiting.get(id);
      // No waiter: the read timed out, and its late answer is dropped.
      if (waiter) {
        this.waiting.delete(id);
        clearTimeout(waiter.timer);
        waiter.resolve({
          status: data.readUInt8(4) as ReadStatus,
          payload: data.toString('utf8', READ_HEADER_BYTES, end),
        });
      }
      data = data.subarray(end);
    }
    this.received = data.length > 0 ? data : undefined;
  }
}
