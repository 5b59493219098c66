import { describe, expect, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { EdgeApiClient } from '../support/edge-api-client';
import { ManagementClient } from '../support/management-client';
import { waitFor } from '../support/wait-for';

describe('walking skeleton', () => {
  const edge = new EdgeApiClient();
  const management = new ManagementClient();

  it('carries an enrolment from the gateway over Kafka into the registry and back out through the read model', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();

    const enrolled = await edge.enrol(ns, deviceId, enrolmentBody(ns));
    expect(enrolled.status).toBe(201);

    // The registration worker records it; the config service projects it; the management API shows it.
    const pending = await waitFor(
      async () => {
        const list = await management.request<{ items: { deviceId: string; state: string }[] }>(
          'GET',
          '/enrolments?status=pending&limit=500',
        );
        return list.body.items.find((d) => d.deviceId === deviceId);
      },
      { what: `pending enrolment of ${deviceId}` },
    );
    expect(pending.state).toBe('pending');

    // The gateway answers GET registration from the read model: pending is not approved.
    const status = await edge.registrationStatus('default', deviceId);
    expect(status.status).toBe(404);
    expect(status.body).toMatchObject({ status: 'unknown' });
  });
});
