import { appWorkload, STORM_RULE } from '../bench/catalogue';
import {
  deviceId,
  edgePath,
  enrolmentBody,
  FLEET_NAMESPACE,
  heartbeatBody,
  registrationBody,
} from '../bench/fleet';
import { HttpClient } from '../bench/simulator/http-client';

/** What the load sends: Edge API calls through the gateways, management calls through the config services. */
export type Kind =
  'heartbeat' | 'read' | 'enrol' | 'registration-get' | 'register' | 'approve' | 'label' | 'workload';
export const EDGE_KINDS: Kind[] = ['heartbeat', 'read', 'enrol', 'registration-get', 'register'];
export const WRITE_KINDS: Kind[] = ['approve', 'label', 'workload'];

/** Not an HTTP status: the client gave up after its timeout; the connection failed; no endpoint was ready. */
export const TIMEOUT = 0;
export const REFUSED = -1;
export const NO_ENDPOINT = -2;

/** One call and its answer, as the client saw it. `at` is Date.now() when it was sent. */
export interface Call {
  kind: Kind;
  at: number;
  ms: number;
  status: number;
  retryAfter: boolean;
  /** The error code of a JSON error answer, or the socket's error code of a refused call (ECONNRESET, ...). */
  code?: string;
  /** Which replica answered (or was called). */
  target: string;
  /** What the accounting finds it by: a heartbeat's sequence marker, a device id, a write's correlation id. */
  ref: string;
  /** A write's detail: the device it labels, the tag it sets. */
  detail?: string;
}

export const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** Where the load sends its calls: a Kubernetes Service's choice among the ready replicas. */
export interface Endpoints {
  gateway(): { name: string; url: string } | undefined;
  management(): { name: string; url: string } | undefined;
}

export interface LoadSpec {
  runId: string;
  /** Seeded, registered devices: deviceId(0) .. deviceId(devices - 1). */
  devices: number;
  heartbeatRate: number;
  readRate: number;
  enrolPerMinute: number;
  writesPerMinute: number;
  edgeTimeoutMs: number;
  managementTimeoutMs: number;
  token: string;
}

/** The auto-approval rule that lets the load's enrolling devices in (the approvals' devices match no rule). */
export const enrolRule = (runId: string) => ({
  ...STORM_RULE,
  deviceIdPattern: `fe-${runId}-*`,
});

/** The marker a heartbeat carries in its one event: device_event.message and the topic record both hold it. */
export const heartbeatMarker = (runId: string, seq: number): string => `hb-${runId}-${seq}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A steady, moderate fleet: heartbeats (each with a unique sequence marker; a device's heartbeats one after the
 * other, as a device sends them), configuration reads, devices that enrol and register, and management writes
 * (approvals, label changes, workload edits) in turn. Every call and its answer is kept for the report and the
 * accounting.
 */
export class FleetLoad {
  readonly calls: Call[] = [];
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly clients = new Map<string, HttpClient>();
  private seq = 0;
  private enrolled = 0;
  private writes = 0;
  /** Devices whose enrolment for an approval was answered, waiting for the operator. */
  private readonly awaitingApproval: string[] = [];

  constructor(
    private readonly spec: LoadSpec,
    private readonly endpoints: Endpoints,
    /** Told of every heartbeat answered 2xx (the delay probe watches for it in the read model). */
    private readonly onHeartbeat: (device: string, sentAt: number, answeredAt: number) => void = () =>
      undefined,
  ) {}

  start(): void {
    this.running = true;
    const heartbeatLoops = Math.max(1, Math.min(16, this.spec.devices, this.spec.heartbeatRate));
    for (let l = 0; l < heartbeatLoops; l++) {
      this.loops.push(this.heartbeats(l, heartbeatLoops));
    }
    const readLoops = Math.max(1, Math.min(8, this.spec.readRate));
    for (let l = 0; l < readLoops && this.spec.readRate > 0; l++) {
      this.loops.push(this.every(readLoops / this.spec.readRate, () => this.read()));
    }
    if (this.spec.enrolPerMinute > 0) {
      const devices: Promise<void>[] = [];
      this.loops.push(
        this.every(60 / this.spec.enrolPerMinute, () =>
          Promise.resolve(void devices.push(this.enrolling())),
        ).then(() => Promise.all(devices).then(() => undefined)),
      );
    }
    if (this.spec.writesPerMinute > 0) {
      this.loops.push(this.every(60 / this.spec.writesPerMinute, () => this.write()));
    }
  }

  /** Stops sending and waits for every call in flight (and every enrolling device's last call). */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    for (const c of this.clients.values()) {
      c.close();
    }
  }

  /** Runs `work` every `periodS` seconds (open loop: a slow answer does not lower the rate below the period). */
  private async every(periodS: number, work: () => Promise<void>): Promise<void> {
    // Spread the loops' first calls over one period.
    await sleep(Math.random() * periodS * 1000);
    let due = performance.now();
    while (this.running) {
      await work();
      due += periodS * 1000;
      await sleep(Math.max(0, due - performance.now()));
    }
  }

  private client(url: string): HttpClient {
    let c = this.clients.get(url);
    if (!c) {
      c = new HttpClient(url, 64);
      this.clients.set(url, c);
    }
    return c;
  }

  /** One call through the Service; records it and returns the answer's status and body. */
  private async call(
    kind: Kind,
    ref: string,
    method: string,
    path: string,
    body?: string,
    detail?: string,
  ): Promise<{ status: number; body: string }> {
    const edge = EDGE_KINDS.includes(kind);
    const endpoint = edge ? this.endpoints.gateway() : this.endpoints.management();
    const at = Date.now();
    const record = (status: number, target: string, extra: Partial<Call> = {}) =>
      this.calls.push({
        kind,
        at,
        ms: Date.now() - at,
        status,
        retryAfter: false,
        target,
        ref,
        detail,
        ...extra,
      });
    if (!endpoint) {
      record(NO_ENDPOINT, 'none');
      return { status: NO_ENDPOINT, body: '' };
    }
    const headers: Record<string, string> = edge
      ? {}
      : { authorization: `Bearer ${this.spec.token}`, 'x-correlation-id': ref };
    try {
      const a = await this.client(endpoint.url).call(
        method,
        path,
        body,
        headers,
        edge ? this.spec.edgeTimeoutMs : this.spec.managementTimeoutMs,
      );
      let code: string | undefined;
      if (a.status >= 400) {
        try {
          code = (JSON.parse(a.body) as { code?: string }).code;
        } catch {
          code = undefined;
        }
      }
      record(a.status, endpoint.name, { retryAfter: a.headers['retry-after'] !== undefined, code });
      if (kind === 'heartbeat' && is2xx(a.status) && detail) {
        this.onHeartbeat(detail, at, Date.now());
      }
      return { status: a.status, body: a.body };
    } catch (error) {
      const status = String(error).includes('timeout:') ? TIMEOUT : REFUSED;
      record(status, endpoint.name, { code: (error as NodeJS.ErrnoException).code });
      return { status, body: '' };
    }
  }

  private async heartbeats(loop: number, loops: number): Promise<void> {
    const mine = Array.from({ length: this.spec.devices }, (_, i) => i).filter((i) => i % loops === loop);
    let turn = 0;
    await this.every(loops / this.spec.heartbeatRate, async () => {
      const index = mine[turn++ % mine.length];
      const marker = heartbeatMarker(this.spec.runId, ++this.seq);
      const body = JSON.parse(heartbeatBody(index, '1')) as Record<string, unknown>;
      body.events = [{ message: marker, reason: 'Faults', type: 'info' }];
      await this.call(
        'heartbeat',
        marker,
        'PUT',
        edgePath(FLEET_NAMESPACE, deviceId(index), 'heartbeat'),
        `${JSON.stringify(body)}\n`,
        deviceId(index),
      );
    });
  }

  private async read(): Promise<void> {
    const id = deviceId(Math.floor(Math.random() * this.spec.devices));
    await this.call('read', id, 'GET', edgePath(FLEET_NAMESPACE, id, 'configuration'));
  }

  /**
   * A new device as the device-worker runs it: enrols until approved (the rule approves it), learns its namespace,
   * registers. Each step is retried every second until it is answered 200; the device gives up when the load stops.
   */
  private async enrolling(): Promise<void> {
    const n = ++this.enrolled;
    const id = `fe-${this.spec.runId}-${n}`;
    const until = async (kind: Kind, method: string, path: () => string, body?: string) => {
      while (this.running) {
        const a = await this.call(kind, id, method, path(), body);
        if (a.status === 200) {
          return a;
        }
        await sleep(1000);
      }
      return undefined;
    };
    if (!(await until('enrol', 'POST', () => edgePath(FLEET_NAMESPACE, id, 'enrolment'), enrolmentBody()))) {
      return;
    }
    const reg = await until('registration-get', 'GET', () => edgePath('default', id, 'registration'));
    if (!reg) {
      return;
    }
    const namespace = (JSON.parse(reg.body) as { namespace: string }).namespace;
    await until('register', 'PUT', () => edgePath(namespace, id, 'registration'), registrationBody(n));
  }

  /** The operators' writes, in turn: approve a device that enrolled, label a device, edit a workload. */
  private async write(): Promise<void> {
    const n = ++this.writes;
    const ref = `fw-${this.spec.runId}-${n}`;
    switch (n % 3) {
      case 0: {
        // A device asks to join (no rule matches it); the operator approves it on a later turn.
        const id = `fa-${this.spec.runId}-${n}`;
        const a = await this.call(
          'enrol',
          id,
          'POST',
          edgePath(FLEET_NAMESPACE, id, 'enrolment'),
          enrolmentBody(),
        );
        if (is2xx(a.status)) {
          this.awaitingApproval.push(id);
        }
        const next = this.awaitingApproval[0];
        if (next) {
          const body = JSON.stringify({
            namespace: FLEET_NAMESPACE,
            labels: { fleet: 'bench', cohort: 'c0' },
          });
          const res = await this.call(
            'approve',
            ref,
            'POST',
            `/api/v1/enrolments/${next}/approve`,
            body,
            next,
          );
          // 404: the enrolment has not reached the read model yet; asked again on the next turn.
          if (res.status !== 404) {
            this.awaitingApproval.shift();
          }
        }
        return;
      }
      case 1: {
        const id = deviceId(n % this.spec.devices);
        await this.call(
          'label',
          ref,
          'PATCH',
          `/api/v1/namespaces/${FLEET_NAMESPACE}/devices/${id}`,
          JSON.stringify({ labels: { [`faults-${n}`]: 'set' } }),
          id,
        );
        return;
      }
      default: {
        const tag = `9.${n}.0`;
        await this.call(
          'workload',
          ref,
          'PUT',
          `/api/v1/namespaces/${FLEET_NAMESPACE}/workloads/app-c0`,
          JSON.stringify(appWorkload('c0', tag)),
          tag,
        );
      }
    }
  }
}
