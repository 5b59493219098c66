import { AppConfig } from '@lib/config';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { gateOf } from './data-source-options';
import { dedicatedConnection } from './dedicated-connection';

const PROBE_INTERVAL_MS = 1000;

/**
 * Notices a database that stopped answering (frozen, or gone without closing its sockets) and fails what is
 * waiting on it at once, instead of at its statement bound: every request then answers 503 within the probe's
 * bound, and new ones fail to connect within DB_CONNECT_TIMEOUT_MS (docs/operations.md#failure-behaviour).
 *
 * A probe on a connection of its own asks `SELECT 1` every second; no answer within DB_CONNECT_TIMEOUT_MS and the
 * pool's connections are cut (their queries fail with a connection error, which the apps answer 503; an open
 * transaction is rolled back by the server when it reads the closed socket), and the pool opens no new connection
 * until the probe is answered again: requests fail at once (503) instead of leaving a connection attempt in a
 * frozen server's backlog (see gatedClient). The next answer heals it: the pool connects afresh.
 */
@Injectable()
export class DatabaseWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseWatch.name);
  private readonly clients = new Set<PoolClient>();
  private probe?: Client;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** False from a probe left unanswered until one is answered. */
  responsive = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    // Connections made before the watch started are known from their next checkout.
    pool?.on('connect', (client) => this.clients.add(client));
    pool?.on('acquire', (client) => this.clients.add(client));
    pool?.on('remove', (client) => this.clients.delete(client));
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.closeProbe();
  }

  private schedule(): void {
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.check().finally(() => this.schedule()), PROBE_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private async check(): Promise<void> {
    const bound = this.config.db.connectTimeoutMs;
    let answered = false;
    const asked = this.ask().then(
      () => (answered = true),
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), bound)));
    await Promise.race([asked, late]);
    clearTimeout(timer);
    // A blocked event loop fires the timer and the answer together: the answer, if it is there, counts.
    await new Promise((resolve) => setImmediate(resolve));
    if (answered) {
      if (!this.responsive) {
        this.logger.log({ msg: 'Database answers again' });
      }
      this.responsive = true;
      this.setGate(true);
      return;
    }
    await this.closeProbe();
    if (this.responsive) {
      this.responsive = false;
      this.logger.warn({
        msg: 'Database did not answer within its bound; failing what waits on it',
        boundMs: bound,
        connections: this.clients.size,
      });
    }
    this.setGate(false);
    this.cutPool();
  }

  private setGate(open: boolean): void {
    const gate = gateOf(this.dataSource.options);
    if (gate) {
      gate.open = open;
    }
  }

  private async ask(): Promise<void> {
    if (!this.probe) {
      const probe = dedicatedConnection(this.config, 'database-watch');
      probe.on('error', () => void this.closeProbe());
      this.probe = probe;
      await probe.connect();
    }
    await this.probe.query('SELECT 1');
  }

  private async closeProbe(): Promise<void> {
    const probe = this.probe;
    this.probe = undefined;
    destroySocket(probe);
    await probe?.end().catch(() => undefined);
  }

  /** Every pool connection, busy or idle: the busy ones' queries fail now, the idle ones would hang next. */
  private cutPool(): void {
    for (const client of this.clients) {
      destroySocket(client);
    }
  }
}

/**
 * pg has no public way to abort a query in flight on a server that does not answer (`end()` waits for the server);
 * destroying the socket fails the query at once with "Connection terminated unexpectedly".
 */
function destroySocket(client: Client | PoolClient | undefined): void {
  (
    client as unknown as { connection?: { stream?: { destroy(): void } } } | undefined
  )?.connection?.stream?.destroy();
}
