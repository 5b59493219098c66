import { describe, expect, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { bearer } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { ManagementClient } from '../support/management-client';
import { waitFor } from '../support/wait-for';

/** The two endpoints edgectl added to the management API: apply's dry run and a device's masked configuration. */
describe('management API for edgectl: dry-run apply, masked configuration', { timeout: 120_000 }, () => {
  const admin = new ManagementClient();
  const journey = new DeviceJourney();

  const applyYaml = async (
    query: string,
    yaml: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${admin.url}/apply?${query}`, {
      method: 'POST',
      headers: { ...bearer('admin'), 'content-type': 'application/yaml' },
      body: yaml,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const manifests = `apiVersion: v1
kind: Secret
metadata: {name: registry}
type: kubernetes.io/dockerconfigjson
stringData: {.dockerconfigjson: '{"auths":{"quay.io":{"auth":"c2VjcmV0"}}}'}
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: hunter2}
---
apiVersion: management.project-flotta.io/v1alpha1
kind: EdgeWorkload
metadata: {name: web}
spec:
  deviceSelector: {matchLabels: {app: web}}
  type: pod
  imageRegistries: {secretRef: {name: registry}}
  pod:
    spec:
      containers:
        - name: web
          image: quay.io/acme/web:1
          env: [{name: PW, valueFrom: {secretKeyRef: {name: db, key: password}}}]
`;

  it('dryRun=true answers every outcome and stores nothing; a refused stream is refused as without it', async () => {
    const ns = newNamespace('dry');
    const dry = await applyYaml(`namespace=${ns}&dryRun=true`, manifests);
    expect(dry.status).toBe(200);
    expect(dry.body.results).toEqual([
      expect.objectContaining({ kind: 'Secret', name: 'registry', outcome: 'created' }),
      expect.objectContaining({ kind: 'Secret', name: 'db', outcome: 'created' }),
      expect.objectContaining({ kind: 'EdgeWorkload', name: 'web', outcome: 'created' }),
    ]);
    expect((await admin.request('GET', `/namespaces/${ns}/workloads/web`)).status).toBe(404);
    expect(
      (await admin.request<{ items: unknown[] }>('GET', `/namespaces/${ns}/secrets`)).body.items,
    ).toEqual([]);

    expect((await applyYaml(`namespace=${ns}`, manifests)).status).toBe(200);
    const again = await applyYaml(`namespace=${ns}&dryRun=true`, manifests.replace('web:1', 'web:2'));
    expect(
      (again.body.results as { name: string; outcome: string }[]).map((r) => `${r.name} ${r.outcome}`),
    ).toEqual(['registry unchanged', 'db unchanged', 'web updated']);
    const stored = await admin.request<{
      pod: { spec: { containers: { image: string }[] } };
      resourceVersion: string;
    }>('GET', `/namespaces/${ns}/workloads/web`);
    expect(stored.body.pod.spec.containers[0].image).toBe('quay.io/acme/web:1');
    expect(stored.body.resourceVersion).toBe('1');

    const broken = await applyYaml(
      `namespace=${ns}&dryRun=true`,
      manifests.replace('{name: db, key', '{name: nodb, key'),
    );
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('INVALID_REFERENCE');
    const bad = await applyYaml(`namespace=${ns}&dryRun=yes`, manifests);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it("serves a device's rendered configuration to viewers with every secret value masked", async () => {
    const ns = newNamespace('masked');
    const deviceId = newDeviceId('masked');
    expect((await applyYaml(`namespace=${ns}`, manifests)).status).toBe(200);
    await journey.enrolPending(ns, deviceId);
    const pending = await admin.request<{ code: string }>(
      'GET',
      `/namespaces/${ns}/devices/${deviceId}/configuration`,
    );
    expect(pending.status).toBe(404);
    expect(pending.body.code).toBe('DEVICE_NOT_FOUND');

    await journey.approved(ns, deviceId, { labels: { app: 'web' } });
    const viewer = admin.as('viewer');
    const served = await waitFor(
      async () => {
        const r = await viewer.request<{ version: string; configuration: { workloads?: unknown[] } | null }>(
          'GET',
          `/namespaces/${ns}/devices/${deviceId}/configuration`,
        );
        return r.status === 200 && r.body.configuration?.workloads?.length ? r.body : undefined;
      },
      { what: 'the rendered configuration' },
    );
    const text = JSON.stringify(served);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(text).not.toContain('c2VjcmV0');
    expect(served).toMatchObject({
      deviceId,
      namespace: ns,
      version: expect.stringMatching(/^\d+$/),
      configuration: {
        secrets: [{ name: 'db', data: '••••••' }],
        workloads: [{ name: 'web', imageRegistries: { authFile: '••••••' } }],
      },
    });
    const device = await admin.device<{ desiredConfigVersion: string }>(ns, deviceId);
    expect(device.body.desiredConfigVersion).toBe(served.version);

    const outsider = await admin
      .as('viewer-a')
      .request('GET', `/namespaces/${ns}/devices/${deviceId}/configuration`);
    expect(outsider.status).toBe(403);
  });
});
