import { heartbeatBody } from '../factories/device.factory';
import { EdgeApiClient } from './edge-api-client';

interface ServedConfiguration {
  version: string;
  workloads?: { name: string }[] | null;
}

/**
 * A registered device's agent, as the device-worker behaves: it reads its configuration and sends a heartbeat
 * reporting the version it runs and its workloads as podman reports them, once per period, until stopped.
 */
export class SimulatedDevice {
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  /** The version the device last applied. */
  version = '0';
  /** What the last round trip answered, for a test's failure message. */
  last = '';

  constructor(
    readonly namespace: string,
    readonly deviceId: string,
    private readonly periodMs = 1000,
    private readonly edge = new EdgeApiClient(),
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.beat().catch((error: unknown) => (this.last = `error: ${String(error)}`));
        // The agent's heartbeat period: a device waits between heartbeats, this is not a test waiting.
        await new Promise((resolve) => setTimeout(resolve, this.periodMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async beat(): Promise<void> {
    const answer = await this.edge.configuration(this.namespace, this.deviceId);
    const workloads: { name: string; status: string; last_data_upload: string }[] = [];
    if (answer.status === 200) {
      const served = (answer.body as { 'device-configuration': ServedConfiguration })['device-configuration'];
      this.version = served.version;
      for (const w of served.workloads ?? []) {
        workloads.push({ name: w.name, status: 'Running', last_data_upload: '0001-01-01T00:00:00.000Z' });
      }
    }
    const beat = await this.edge.heartbeat(
      this.namespace,
      this.deviceId,
      heartbeatBody(this.version, { workloads }),
    );
    this.last = `configuration ${answer.status} (version ${this.version}), heartbeat ${beat.status} ${beat.text.slice(0, 300)}`;
  }
}
