import { enrolmentBody, registrationBody } from '../factories/device.factory';
import { EdgeApiClient } from './edge-api-client';
import { ManagementClient } from './management-client';
import { waitFor } from './wait-for';

interface DeviceView {
  deviceId: string;
  state: string;
  namespace: string;
  labels: Record<string, string>;
  lastSeenAt: string | null;
  [key: string]: unknown;
}

/** Steps of a device's life, each waiting until the system shows its effect. */
export class DeviceJourney {
  constructor(
    readonly edge = new EdgeApiClient(),
    readonly management = new ManagementClient(),
  ) {}

  /** The device as the management API shows it, whatever its state. */
  async view(deviceId: string): Promise<DeviceView | undefined> {
    for (const status of ['pending', 'approved', 'rejected']) {
      const page = await this.management.request<{ items: DeviceView[] }>(
        'GET',
        `/enrolments?status=${status}&limit=500`,
      );
      const found = page.body.items.find((d) => d.deviceId === deviceId);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  async waitForState(ns: string, deviceId: string, state: string): Promise<DeviceView> {
    return waitFor(
      async () => {
        const device = await this.management.device<DeviceView>(ns, deviceId);
        if (device.status === 200 && device.body.state === state) {
          return device.body;
        }
        const enrolment = await this.view(deviceId);
        return enrolment?.state === state ? enrolment : undefined;
      },
      { what: `${deviceId} in state ${state}` },
    );
  }

  async enrolPending(ns: string, deviceId: string): Promise<void> {
    const res = await this.edge.enrol(ns, deviceId, enrolmentBody(ns));
    if (res.status !== 201) {
      throw new Error(`enrolment answered ${res.status}: ${res.text}`);
    }
    await this.waitForState(ns, deviceId, 'pending');
  }

  /** Enrols, approves and waits until the Edge API would issue a certificate. */
  async approved(ns: string, deviceId: string, approval: Record<string, unknown> = {}): Promise<string> {
    await this.enrolPending(ns, deviceId);
    const res = await this.management.approve(deviceId, approval);
    if (res.status !== 202) {
      throw new Error(`approve answered ${res.status}`);
    }
    const status = await waitFor(
      async () => {
        const r = await this.edge.registrationStatus('default', deviceId);
        return r.status === 200 ? r : undefined;
      },
      { what: `${deviceId} approved` },
    );
    const namespace = (status.body as { namespace: string }).namespace;
    // The gateway learns of the approval from device.state.v1, the read model from device.lifecycle.v1 after a
    // render: a test that goes on through the management API needs both.
    await this.waitForState(namespace, deviceId, 'approved');
    return namespace;
  }

  /** Enrolled, approved and registered; returns the device's namespace. */
  async registered(ns: string, deviceId: string, approval: Record<string, unknown> = {}): Promise<string> {
    const namespace = await this.approved(ns, deviceId, approval);
    const res = await this.edge.register(namespace, deviceId, registrationBody());
    if (res.status !== 200) {
      throw new Error(`registration answered ${res.status}: ${res.text}`);
    }
    await this.waitForState(namespace, deviceId, 'registered');
    return namespace;
  }
}
