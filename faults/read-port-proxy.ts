import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through between a gateway and the config services' read port (the Service in front of them), so that the harness can take the read
 * port away (connections reset, new ones refused) while the config service itself, and its management API, run
 * on: the "read port gone" fault. Bytes are passed untouched, so a TLS or authenticated read port works through it.
 */
export class ReadPortProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /**
   * Where a new connection goes, as a Kubernetes Service routes it: to a ready config service (the harness sets
   * this once the readiness probe runs). None ready: the connection is dropped, as a Service without endpoints
   * refuses it. Established connections stay where they are, as kube-proxy's do.
   */
  route: () => number | undefined = () => this.targetPort;

  constructor(
    private readonly listenPort: number,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const port = this.route();
      if (port === undefined) {
        client.resetAndDestroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
      }
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** The port is gone: every connection reset, new ones refused until `open()`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) {
      s.resetAndDestroy();
    }
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
