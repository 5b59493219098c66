import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { tokenOf } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { edgectl, tempConfig } from './cli-runner';

type Preauthorization = {
  deviceId: string;
  namespace: string;
  labels: Record<string, string>;
  state: string;
};

// Each step runs the bin, a process each: slow on a loaded machine, hence the long timeout.
describe('edgectl preauth', { timeout: 240_000 }, () => {
  const journey = new DeviceJourney();
  const config = tempConfig();
  const dir = mkdtempSync(join(tmpdir(), 'edgectl-preauth-'));
  const ns = newNamespace('clipre');
  const run = (...args: string[]) => edgectl(config, args);

  beforeAll(async () => {
    const login = await run('login', inject('configServiceUrl'), '--token', tokenOf('operator'));
    expect(login.code, login.stderr).toBe(0);
  });

  it('puts, gets, lists and deletes a pre-authorisation, and shows it used once the device enrolled', async () => {
    const deviceId = newDeviceId('clipre');
    const put = await run('preauth', 'put', deviceId, '--namespace', ns, '--label', 'site=lab');
    expect(put.code, put.stderr).toBe(0);
    expect(put.stdout.trim()).toBe(`preauthorization/${deviceId} created`);
    const replaced = await run('preauth', 'put', deviceId, '--namespace', ns, '--label', 'site=dock');
    expect(replaced.stdout.trim()).toBe(`preauthorization/${deviceId} replaced`);

    const got = await run('preauth', 'get', deviceId, '-o', 'json');
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({
      deviceId,
      namespace: ns,
      labels: { site: 'dock' },
      state: 'active',
    });

    expect((await journey.edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    await journey.waitForState(ns, deviceId, 'approved');
    const list = await run('preauth', 'list', '--state', 'used');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^DEVICE\s+NAMESPACE\s+STATE\s+EXPIRES\s+USED\s+AGE$/);
    expect(list.stdout).toMatch(new RegExp(`${deviceId}\\s+${ns}\\s+used`));

    const refused = await run('preauth', 'put', deviceId, '--namespace', ns);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('DEVICE_ALREADY_ENROLLED');

    const deleted = await run('preauth', 'delete', deviceId);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await run('preauth', 'get', deviceId);
    expect(gone.code).toBe(3);
  });

  it('imports CSV and JSON files, and names each bad line of a refused one', async () => {
    const [a, b, c] = [newDeviceId('clicsv'), newDeviceId('clicsv'), newDeviceId('clijson')];
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `deviceId,namespace,labels\n${a},${ns},site=lab\n${b},${ns},site\n`);
    const refused = await run('preauth', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`line 3 (${b}): VALIDATION_FAILED`);
    expect((await run('preauth', 'get', a)).code).toBe(3);

    const csv = join(dir, 'shipment.csv');
    writeFileSync(csv, `deviceId,namespace,labels\n${a},${ns},site=lab;rack=3\n${b},${ns},\n`);
    const imported = await run('preauth', 'import', csv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim()).toBe('2 created, 0 replaced');

    // No extension: told by its content.
    const json = join(dir, 'shipment');
    writeFileSync(
      json,
      JSON.stringify([
        { deviceId: c, namespace: ns, labels: { tier: 'edge' } },
        { deviceId: a, namespace: ns },
      ]),
    );
    const fromJson = await run('preauth', 'import', json);
    expect(fromJson.stdout.trim()).toBe('1 created, 1 replaced');

    const listed = await run('get', 'preauth', '-o', 'json');
    const items = (JSON.parse(listed.stdout) as { items: Preauthorization[] }).items.filter(
      (p) => p.namespace === ns,
    );
    expect(items.map((p) => [p.deviceId, p.labels]).sort()).toEqual(
      [
        [a, {}],
        [b, {}],
        [c, { tier: 'edge' }],
      ].sort(),
    );
  });
});
