import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { bearer } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import type { ApiResponse } from '../support/management-client';
import { waitFor } from '../support/wait-for';

type Message = {
  version: string;
  configuration: { heartbeat: { period_seconds: number } };
  workloads: { name: string; specification: string; configmaps?: string[] }[];
  secrets?: { name: string; data: string }[];
};
type Result = { kind: string; namespace: string; name: string; outcome: string; resourceVersion: string };
type Refusal = {
  code: string;
  message: string;
  errors: { index: number; kind?: string; code: string; message: string }[];
};

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const PLAYBOOK =
  '- hosts: all\n  tasks:\n    - name: upgrade\n      ansible.builtin.command: rpm-ostree upgrade\n';

/** Real Flotta CRD YAML, as `kubectl get -o yaml` users keep it; the workload comes first on purpose. */
const manifests = (ns: string, deviceId: string, mode = 'night'): string => `
apiVersion: management.project-flotta.io/v1alpha1
kind: EdgeWorkload
metadata:
  name: camera
  labels:
    podman/tier: edge
spec:
  deviceSelector:
    matchLabels:
      app: camera
  type: pod
  pod:
    spec:
      containers:
        - name: cam
          image: quay.io/acme/cam:1.0
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: cam-db
                  key: password
            - name: MODE
              valueFrom:
                configMapKeyRef:
                  name: cam-settings
                  key: MODE
---
apiVersion: management.project-flotta.io/v1alpha1
kind: EdgeDeviceSet
metadata:
  name: lab
  namespace: ${ns}
spec:
  heartbeat:
    periodSeconds: 15
  storage:
    s3:
      secretName: cam-db
      configMapName: cam-settings
      createOBC: false
---
apiVersion: management.project-flotta.io/v1alpha1
kind: PlaybookExecution
metadata:
  name: ${deviceId}-upgrade
  ownerReferences:
    - apiVersion: management.project-flotta.io/v1alpha1
      kind: EdgeDevice
      name: ${deviceId}
      uid: 6f1e0d9c-1b7a-4b8e-9a43-2c1d1a6e5b10
spec:
  playbook:
    content: ${b64(PLAYBOOK)}
  executionAttempt: 0
---
apiVersion: v1
kind: Secret
metadata:
  name: cam-db
type: Opaque
data:
  password: ${b64('s3cret')}
  AWS_ACCESS_KEY_ID: ${b64('key')}
  AWS_SECRET_ACCESS_KEY: ${b64('secret')}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cam-settings
  namespace: ${ns}
data:
  MODE: ${mode}
  BUCKET_NAME: frames
  BUCKET_HOST: s3.example
  BUCKET_PORT: "443"
  BUCKET_REGION: eu
`;

describe('POST /api/v1/apply (Flotta manifests)', () => {
  const journey = new DeviceJourney();
  const { management, edge } = journey;
  const url = `${inject('configServiceUrl')}/api/v1/apply`;

  const apply = async <T = { results: Result[] }>(
    body: string,
    ns?: string,
    contentType = 'application/yaml',
  ): Promise<ApiResponse<T>> => {
    const res = await fetch(`${url}${ns ? `?namespace=${ns}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...bearer('admin') },
      body,
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const configuration = async (ns: string, id: string): Promise<Message> => {
    const res = await edge.configuration(ns, id);
    expect(res.status).toBe(200);
    return (res.body as { 'device-configuration': Message })['device-configuration'];
  };
  const items = async (ns: string, resource: string): Promise<unknown[]> =>
    (await management.request<{ items: unknown[] }>('GET', `/namespaces/${ns}/${resource}`)).body.items;

  it('applies a Flotta stream, renders it for the targeted device, then reports unchanged and updated objects', async () => {
    const ns = newNamespace();
    const id = newDeviceId('apply');
    await journey.registered(ns, id, { labels: { app: 'camera', 'flotta/member-of': 'lab' } });

    const first = await apply(manifests(ns, id), ns);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { kind: 'EdgeWorkload', namespace: ns, name: 'camera', outcome: 'created', resourceVersion: '1' },
      { kind: 'EdgeDeviceSet', namespace: ns, name: 'lab', outcome: 'created', resourceVersion: '1' },
      {
        kind: 'PlaybookExecution',
        namespace: ns,
        name: `${id}-upgrade`,
        outcome: 'created',
        resourceVersion: '1',
      },
      { kind: 'Secret', namespace: ns, name: 'cam-db', outcome: 'created', resourceVersion: '1' },
      { kind: 'ConfigMap', namespace: ns, name: 'cam-settings', outcome: 'created', resourceVersion: '1' },
    ]);

    const rendered = await waitFor(
      async () => {
        const m = await configuration(ns, id);
        return m.workloads.length === 1 && m.configuration.heartbeat.period_seconds === 15 ? m : undefined;
      },
      { what: 'the applied workload and set rendered' },
    );
    const [workload] = rendered.workloads;
    expect(workload.name).toBe('camera');
    expect(parse(workload.specification)).toMatchObject({
      containers: [{ name: 'cam', image: 'quay.io/acme/cam:1.0' }],
    });
    expect((workload.configmaps ?? []).map((c) => parse(c) as unknown)).toEqual([
      expect.objectContaining({
        kind: 'ConfigMap',
        data: expect.objectContaining({ MODE: 'night' }) as unknown,
      }),
    ]);
    expect(rendered.secrets).toEqual([expect.objectContaining({ name: 'cam-db' })]);
    expect(JSON.parse(rendered.secrets![0].data)).toMatchObject({ password: b64('s3cret') });
    const playbooks = await edge.playbookExecutions(ns, id);
    expect(playbooks.body).toEqual([
      expect.objectContaining({ name: `${id}-upgrade`, ansible_playbook_string: PLAYBOOK }),
    ]);

    const again = await apply(manifests(ns, id), ns);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r) => [r.outcome, r.resourceVersion])).toEqual(
      Array.from({ length: 5 }, () => ['unchanged', '1']),
    );
    expect((await configuration(ns, id)).version).toBe(rendered.version);

    const changed = await apply(manifests(ns, id, 'day'), ns);
    expect(changed.status).toBe(200);
    expect(changed.body.results.map((r) => `${r.kind}:${r.outcome}:${r.resourceVersion}`)).toEqual([
      'EdgeWorkload:unchanged:1',
      'EdgeDeviceSet:unchanged:1',
      'PlaybookExecution:unchanged:1',
      'Secret:unchanged:1',
      'ConfigMap:updated:2',
    ]);
    const updated = await waitFor(
      async () => {
        const m = await configuration(ns, id);
        return (m.workloads[0].configmaps ?? []).some((c) => c.includes('MODE: day')) ? m : undefined;
      },
      { what: 'the changed configmap rendered' },
    );
    expect(Number(updated.version)).toBeGreaterThan(Number(rendered.version));
  });

  it('stores nothing when one object of the stream refers to a missing secret key', async () => {
    const ns = newNamespace();
    const stream = manifests(ns, 'dev-x').replace('key: password', 'key: no-such-key');
    const res = await apply<Refusal>(stream, ns);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_REFERENCE');
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        index: 0,
        kind: 'EdgeWorkload',
        code: 'INVALID_REFERENCE',
        message: expect.stringContaining('no-such-key') as unknown,
      }),
    ]);
    for (const resource of ['secrets', 'configmaps', 'device-sets', 'workloads', 'playbook-executions']) {
      expect(await items(ns, resource)).toEqual([]);
    }
  });

  it('refuses a stream with one malformed object among good ones before touching the database', async () => {
    const ns = newNamespace();
    const stream = `${manifests(ns, 'dev-y')}---\napiVersion: management.project-flotta.io/v1alpha1\nkind: EdgeWorkload\nmetadata:\n  name: broken\nspec:\n  type: pod\n  device: dev-y\n  pod:\n    spec: not-a-podspec\n`;
    const res = await apply<Refusal>(stream, ns);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        index: 5,
        kind: 'EdgeWorkload',
        message: expect.stringContaining('pod.spec must be an object') as unknown,
      }),
    ]);
    expect(await items(ns, 'secrets')).toEqual([]);
    expect(await items(ns, 'workloads')).toEqual([]);
  });

  it('refuses a billion-laughs document quickly', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
    ]) {
      levels.push(`${next}: &${next} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const res = await apply<Refusal>(levels.join('\n'), newNamespace());
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/resource exhaustion/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses unknown YAML tags, kinds and apiVersions, and objects without a namespace', async () => {
    const ns = newNamespace();
    const tagged = await apply<Refusal>(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  run: !!js/function "function () {}"\n',
      ns,
    );
    expect(tagged.status).toBe(400);
    expect(tagged.body.message).toMatch(/document 0 \(line 6\).*Unresolved tag/);
    expect((await apply<Refusal>('a: !foo bar\n', ns)).status).toBe(400);

    const pod = await apply<Refusal>('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n', ns);
    expect(pod.status).toBe(400);
    expect(pod.body.message).toContain('unknown kind "Pod"');
    const old = await apply<Refusal>(
      'apiVersion: management.k4e.io/v1alpha1\nkind: EdgeDeviceSet\nmetadata:\n  name: s\nspec: {}\n',
      ns,
    );
    expect(old.status).toBe(400);
    expect(old.body.message).toContain('unknown apiVersion "management.k4e.io/v1alpha1" for EdgeDeviceSet');

    const plain = await apply<Refusal>('apiVersion: v1\nkind: ConfigMap\n', ns, 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const homeless = await apply<Refusal>(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}\n',
    );
    expect(homeless.status).toBe(400);
    expect(homeless.body.message).toContain('no namespace');
    expect(await items(ns, 'configmaps')).toEqual([]);
  });

  it('applies a JSON List', async () => {
    const ns = newNamespace();
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: ns },
          data: { A: '1' },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'registry', namespace: ns },
          type: 'kubernetes.io/dockerconfigjson',
          stringData: { '.dockerconfigjson': '{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}' },
        },
      ],
    };
    const res = await apply(JSON.stringify(list), undefined, 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => `${r.kind}/${r.name}:${r.outcome}`)).toEqual([
      'ConfigMap/settings:created',
      'Secret/registry:created',
    ]);
    const secret = await management.request('GET', `/namespaces/${ns}/secrets/registry`);
    expect(secret.body).toMatchObject({
      type: 'kubernetes.io/dockerconfigjson',
      keys: ['.dockerconfigjson'],
    });
  });
});
