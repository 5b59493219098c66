import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import {
  enrolmentBody,
  heartbeatBody,
  newDeviceId,
  newNamespace,
  registrationBody,
} from '../factories/device.factory';
import { tokenOf } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';
import { edgectl, edgectlBackground, tempConfig } from './cli-runner';

/** The README's example: a workload for the devices labelled app=camera, and the secret it reads. */
const README_YAML = `apiVersion: management.project-flotta.io/v1alpha1
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
                secretKeyRef: {name: cam-db, key: password}
---
apiVersion: v1
kind: Secret
metadata:
  name: cam-db
stringData:
  password: s3cret
`;

type List = { kind: string; items: Record<string, unknown>[] };

// Each step runs the bin several times, a process each: slow on a loaded machine, hence the long timeout.
describe('edgectl: from an enrolment to a workload on the device', { timeout: 240_000 }, () => {
  const journey = new DeviceJourney();
  const config = tempConfig();
  const ns = newNamespace('cli');
  const deviceId = newDeviceId('cli');
  const run = (...args: string[]) => edgectl(config, args);
  const json = async <T = List>(...args: string[]): Promise<T> => {
    const r = await run(...args, '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    const login = await run(
      'login',
      inject('configServiceUrl'),
      '--token',
      tokenOf('admin'),
      '--namespace',
      ns,
    );
    expect(login.code, login.stderr).toBe(0);
  });

  it('watches a new enrolment arrive, approves it with labels, and shows the device', async () => {
    const watch = edgectlBackground(config, ['get', 'enrolments', '-w', '--watch-interval', '200']);
    try {
      const enrolled = await journey.edge.enrol(ns, deviceId, enrolmentBody(ns));
      expect(enrolled.status).toBe(201);
      await waitFor(() => watch.output().includes(deviceId), { what: 'the watch to print the enrolment' });
      expect(watch.output().split('\n')[0]).toMatch(/^NAME\s+STATE\s+REQUESTED\s+NAMESPACE\s+AGE$/);
      expect(watch.output()).toMatch(new RegExp(`${deviceId}\\s+pending\\s+${ns}`));
    } finally {
      await watch.stop();
    }

    const pending = await json('get', 'enr');
    expect(pending.items.map((e) => e.deviceId)).toContain(deviceId);
    const approved = await run(
      'approve',
      deviceId,
      '--namespace',
      ns,
      '--label',
      'app=camera',
      '--label',
      'site=lab',
    );
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`enrolment/${deviceId} approved`);
    await journey.waitForState(ns, deviceId, 'approved');
    const registered = await journey.edge.register(ns, deviceId, registrationBody('cli-host'));
    expect(registered.status).toBe(200);
    await journey.waitForState(ns, deviceId, 'registered');

    const device = await json<Record<string, unknown>>('get', 'device', deviceId);
    expect(device).toMatchObject({
      deviceId,
      namespace: ns,
      state: 'registered',
      labels: { app: 'camera', site: 'lab' },
    });
    const yaml = await run('get', 'dev', '-l', 'app=camera', '-o', 'yaml');
    expect((parse(yaml.stdout) as List).items.map((d) => d.deviceId)).toEqual([deviceId]);
    expect((await run('get', 'dev', '-l', 'app=other', '-o', 'name')).stdout).toBe('');
    expect((await run('get', 'devices', '-o', 'name')).stdout).toBe(`device/${deviceId}\n`);
    const table = await run('get', 'devices');
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+STATE\s+PRESENCE\s+CONFIG\s+AGE$/);
    expect(row).toMatch(new RegExp(`^${deviceId}\\s+registered\\s+\\S+\\s+\\S+\\s+\\d+s$`));
    // Columns line up: every row starts its STATE where the header does.
    expect(row.indexOf('registered')).toBe(header.indexOf('STATE'));
    expect(table.stdout).not.toContain('\u001b[');
    const all = await run('get', 'devices', '-A', '-o', 'wide');
    expect(all.stdout.split('\n')[0]).toMatch(
      /^NAMESPACE\s+NAME\s+STATE\s+PRESENCE\s+CONFIG\s+LAST-SEEN\s+LABELS\s+AGE$/,
    );
    expect(all.stdout).toMatch(new RegExp(`${ns}\\s+${deviceId}\\s+registered\\s.*app=camera,.*site=lab`));
  });

  it('labels the device: sets and removes', async () => {
    const labelled = await run('label', 'device', deviceId, 'tier=edge', 'site-');
    expect(labelled.code, labelled.stderr).toBe(0);
    await waitFor(
      async () => {
        const d = await json<{ labels: Record<string, string> }>('get', 'device', deviceId);
        return d.labels.tier === 'edge' && !('site' in d.labels);
      },
      { what: 'labels changed' },
    );
  });

  it('diffs the README manifests without storing anything, then applies them twice', async () => {
    const file = join(dirname(config), 'camera.yaml');
    writeFileSync(file, README_YAML);
    const diff = await run('diff', '-f', file);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`edgeworkload/camera (namespace ${ns}): created`);
    expect(diff.stdout).toMatch(/^ {4}\+ +image: quay\.io\/acme\/cam:1\.0$/m);
    expect(diff.stdout).toContain(`would target 1 device(s): ${deviceId}`);
    expect(diff.stdout).toContain('secret/cam-db');
    expect((await json('get', 'workloads')).items).toEqual([]);
    expect((await json('get', 'secrets')).items).toEqual([]);

    const dryRun = await run('apply', '-f', file, '--dry-run');
    expect(dryRun.stdout).toBe('edgeworkload/camera created (dry run)\nsecret/cam-db created (dry run)\n');
    expect((await json('get', 'workloads')).items).toEqual([]);

    const first = await run('apply', '-f', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('edgeworkload/camera created\nsecret/cam-db created\n');
    const second = await run('apply', '-f', file);
    expect(second.stdout).toBe('edgeworkload/camera unchanged\nsecret/cam-db unchanged\n');
    const again = await run('diff', '-f', file);
    expect(again.stdout).toContain(`edgeworkload/camera (namespace ${ns}): unchanged`);

    // A change shows as a diff against the stored workload, and is still not stored.
    writeFileSync(file, README_YAML.replace('cam:1.0', 'cam:1.1'));
    const changed = await run('diff', '-f', file);
    expect(changed.stdout).toMatch(/^ {4}- +image: quay\.io\/acme\/cam:1\.0$/m);
    expect(changed.stdout).toMatch(/^ {4}\+ +image: quay\.io\/acme\/cam:1\.1$/m);
    expect((await json<Record<string, unknown>>('get', 'ew', 'camera')).pod).toMatchObject({
      spec: { containers: [{ image: 'quay.io/acme/cam:1.0' }] },
    });
  });

  it('shows the rendered configuration with secrets masked, and describes the device', async () => {
    const rendered = await waitFor(
      async () => {
        const r = await run('get', 'configuration', deviceId);
        const doc = parse(r.stdout) as { workloads?: { name: string }[] };
        return r.code === 0 && doc.workloads?.some((w) => w.name === 'camera')
          ? { doc, text: r.stdout }
          : undefined;
      },
      { what: 'the workload rendered for the device' },
    );
    expect(rendered.text).not.toContain('s3cret');
    expect(rendered.text).not.toContain(Buffer.from('s3cret').toString('base64'));
    expect(rendered.doc).toMatchObject({ secrets: [{ name: 'cam-db', data: '••••••' }] });
    const asJson = await json<{ version: string }>('get', 'configuration', deviceId);
    expect(asJson.version).toMatch(/^\d+$/);

    const hb = await journey.edge.heartbeat(
      ns,
      deviceId,
      heartbeatBody(asJson.version, {
        workloads: [{ name: 'camera', status: 'Running', last_data_upload: '0001-01-01T00:00:00.000Z' }],
        events: [{ type: 'warn', reason: 'Overheat', message: 'CPU at 80C' }],
      }),
    );
    expect(hb.status).toBe(200);
    const described = await waitFor(
      async () => {
        const r = await run('describe', 'device', deviceId);
        return r.stdout.includes('Overheat') && r.stdout.includes('(in sync)') ? r.stdout : undefined;
      },
      { what: 'describe to show the heartbeat' },
    );
    expect(described).toMatch(new RegExp(`^Name:\\s+${deviceId}$`, 'm'));
    expect(described).toMatch(/^State:\s+registered$/m);
    expect(described).toMatch(/^Presence:\s+online/m);
    expect(described).toMatch(/^Decision:\s+approved by token:admin \S+ ago$/m);
    expect(described).toMatch(/^Labels:\s+app=camera$/m);
    expect(described).toMatch(
      /^Hardware:\s+Raspberry Pi 4 Model B \(Raspberry Pi Foundation\), aarch64 Cortex-A72 x4, host cli-host$/m,
    );
    expect(described).toMatch(
      new RegExp(
        `^Config Version:\\s+desired ${asJson.version}, reported ${asJson.version} \\(in sync\\)$`,
        'm',
      ),
    );
    expect(described).toMatch(/^\s+camera\s+Running\s+/m);
    expect(described).toMatch(/^\s+\S+\s+warn\s+Overheat\s+CPU at 80C$/m);
    expect((await run('describe', 'device', 'cli-missing', '-n', ns)).code).toBe(3);
  });

  it('lists every kind, as tables and as parseable json and yaml', async () => {
    const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: cam-settings, labels: {tier: edge}}
data: {MODE: night}
---
apiVersion: management.project-flotta.io/v1alpha1
kind: EdgeDeviceSet
metadata: {name: lab}
spec: {heartbeat: {periodSeconds: 15}}
---
apiVersion: management.project-flotta.io/v1alpha1
kind: PlaybookExecution
metadata:
  name: upgrade
  ownerReferences: [{apiVersion: management.project-flotta.io/v1alpha1, kind: EdgeDevice, name: ${deviceId}, uid: u1}]
spec: {playbook: {content: ${Buffer.from('- hosts: all\n').toString('base64')}}}
`;
    const applied = await edgectl(config, ['apply', '-f', '-'], { input: manifests });
    expect(applied.stdout).toBe(
      'configmap/cam-settings created\nedgedeviceset/lab created\nplaybookexecution/upgrade created\n',
    );
    const spec = await fetch(
      `${inject('configServiceUrl')}/api/v1/namespaces/${ns}/devices/${deviceId}/spec`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokenOf('admin')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ heartbeat: { periodSeconds: 30 } }),
      },
    );
    expect(spec.status).toBe(201);
    const policy = await fetch(`${inject('configServiceUrl')}/api/v1/namespaces/${ns}/recording-policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenOf('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ policy: 'status-only' }),
    });
    expect(policy.status).toBe(200);

    const expectations: [string, string, string][] = [
      ['workloads', 'name', 'camera'],
      ['eds', 'name', 'lab'],
      ['devicespecs', 'deviceId', deviceId],
      ['secrets', 'name', 'cam-db'],
      ['cm', 'name', 'cam-settings'],
      ['pe', 'name', 'upgrade'],
      ['recordingpolicies', 'namespace', ns],
      ['tokens', 'name', 'admin'],
      ['audit', 'actor', 'token:admin'],
    ];
    await Promise.all(
      expectations.map(async ([kind, field, value]) => {
        const [asJson, asYaml, table] = await Promise.all([
          run('get', kind, '-o', 'json'),
          run('get', kind, '-o', 'yaml'),
          run('get', kind),
        ]);
        expect(
          (JSON.parse(asJson.stdout) as List).items.map((o) => o[field]),
          kind,
        ).toContain(value);
        expect(
          (parse(asYaml.stdout) as List).items.map((o) => o[field]),
          kind,
        ).toContain(value);
        expect(table.code, `${kind}: ${table.stderr}`).toBe(0);
        expect(table.stdout.split('\n')[0], kind).toMatch(/^[A-Z][A-Z-]*(\s{3,}[A-Z][A-Z-]*)*$/);
      }),
    );
    expect((await json('get', 'cm', '-l', 'tier=edge')).items).toHaveLength(1);
    expect((await json('get', 'cm', '-l', 'tier!=edge')).items).toHaveLength(0);
    expect((await run('get', 'secret', 'cam-db', '-o', 'json')).stdout).not.toContain('s3cret');

    const rule = await fetch(`${inject('configServiceUrl')}/api/v1/auto-approval-rules/cli-${ns}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenOf('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceIdPattern: 'cli-never-*', targetNamespace: ns }),
    });
    expect(rule.status).toBe(201);
    expect((await json('get', 'autoapprovalrules')).items.map((r) => r.name)).toContain(`cli-${ns}`);
    expect((await run('delete', 'autoapprovalrule', `cli-${ns}`)).stdout).toBe(
      `autoapprovalrule "cli-${ns}" deleted\n`,
    );
    expect((await json('get', 'autoapprovalrules')).items.map((r) => r.name)).not.toContain(`cli-${ns}`);

    expect((await json<Record<string, unknown>>('get', 'recordingpolicy', ns)).policy).toBe('status-only');
    expect((await run('delete', 'recordingpolicy', ns)).code).toBe(0);
    expect((await json('get', 'recordingpolicies')).items.map((p) => p.namespace)).not.toContain(ns);
    expect((await run('delete', 'pe', 'upgrade')).code).toBe(0);
    expect((await json('get', 'pe')).items).toEqual([]);
    expect((await run('delete', 'pe', 'upgrade')).code).toBe(3);
    expect((await run('delete', 'device', deviceId)).code).toBe(2);
  });

  it('reads the audit trail, mints and revokes a token, rejects and decommissions', async () => {
    const audit = await json('audit', '--actor', 'token:admin', '--since', '1h', '--limit', '5');
    expect(audit.items.length).toBeGreaterThan(0);
    expect(audit.items.length).toBeLessThanOrEqual(5);
    expect(audit.items.every((e) => e.actor === 'token:admin')).toBe(true);
    expect((await run('audit', '--since', '1h')).stdout.split('\n')[0]).toMatch(
      /^AGE\s+ACTOR\s+ACTION\s+RESOURCE/,
    );

    const minted = await run('token', 'create', `cli-${ns}`, '--role', 'viewer', '--namespace', ns);
    expect(minted.code, minted.stderr).toBe(0);
    const token = minted.stdout.trim();
    expect(token).toMatch(/^fct_/);
    const other = tempConfig();
    expect((await edgectl(other, ['login', inject('configServiceUrl'), '--token', token])).code).toBe(0);
    expect((await run('token', 'revoke', `cli-${ns}`)).stdout).toBe(`token/cli-${ns} revoked\n`);
    expect((await edgectl(other, ['get', 'devices', '-n', ns])).code).toBe(4);

    const rejected = newDeviceId('cli-rej');
    expect((await journey.edge.enrol(ns, rejected, enrolmentBody(ns))).status).toBe(201);
    await journey.waitForState(ns, rejected, 'pending');
    const reject = await run('reject', rejected, '--reason', 'unknown serial');
    expect(reject.stdout).toBe(`enrolment/${rejected} rejected\n`);
    await journey.waitForState(ns, rejected, 'rejected');
    const all = await json('get', 'enr', '--state', 'all');
    expect(all.items.find((e) => e.deviceId === rejected)).toMatchObject({
      state: 'rejected',
      decisionReason: 'unknown serial',
    });

    const refused = await run('decommission', deviceId);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const done = await run('decommission', deviceId, '--yes');
    expect(done.stdout).toBe(`device/${deviceId} decommissioned\n`);
    await journey.waitForState(ns, deviceId, 'decommissioned');
  });
});
