import { describe, expect, it } from 'vitest';
import { enrolmentInfoShape, heartbeatShape, labelsShape, registrationInfoShape } from './models';
import { arr, findShapeProblem, map, obj, type Shape } from './shape';

/** Parses the JSON text exactly as the HTTP layer would before checking it. */
const problemOf = (shape: Shape, json: string): string | undefined =>
  findShapeProblem(shape, JSON.parse(json) as unknown, '');

describe(findShapeProblem.name, () => {
  describe('bodies the Edge API sends (docs/contract.md#exact-examples)', () => {
    it('accepts an enrolment with a model name and a target namespace', () => {
      expect(
        problemOf(enrolmentInfoShape, '{"features":{"modelName":"rpi"},"target_namespace":"tns"}'),
      ).toBeUndefined();
    });

    it('accepts an enrolment with empty features and no target namespace', () => {
      expect(problemOf(enrolmentInfoShape, '{"features":{}}')).toBeUndefined();
    });

    it('accepts a registration whose hardware arrays are null', () => {
      const body =
        '{"certificate_request":"CSR","hardware":{"disks":null,"gpus":null,"host_devices":null,' +
        '"hostname":"h","interfaces":null,"mounts":null}}';

      expect(problemOf(registrationInfoShape, body)).toBeUndefined();
    });

    it('accepts a heartbeat with events and null workloads', () => {
      const body =
        '{"events":[{"message":"M","reason":"R","type":"warn"}],"playbook-executions":null,' +
        '"status":"up","version":"5","workloads":null}';

      expect(problemOf(heartbeatShape, body)).toBeUndefined();
    });

    it('accepts a heartbeat whose workload has the zero upload time', () => {
      const body =
        '{"events":null,"playbook-executions":null,"status":"up","version":"7",' +
        '"workloads":[{"last_data_upload":"0001-01-01T00:00:00.000Z","name":"w","status":"running"}]}';

      expect(problemOf(heartbeatShape, body)).toBeUndefined();
    });

    it.each(['Running', 'Created', 'Exited'])(
      'accepts the podman state %s as a workload status',
      (status) => {
        const body = JSON.stringify({
          status: 'up',
          workloads: [{ name: 'w', status, last_data_upload: '0001-01-01T00:00:00.000Z' }],
        });

        expect(problemOf(heartbeatShape, body)).toBeUndefined();
      },
    );

    it('does not enforce the enums of the spec', () => {
      const body = JSON.stringify({
        status: 'sideways',
        events: [{ reason: 'R', message: 'M', type: 'fatal' }],
        upgrade: { last_upgrade_status: 'maybe' },
      });

      expect(problemOf(heartbeatShape, body)).toBeUndefined();
    });

    it('accepts a heartbeat carrying a full hardware profile', () => {
      const body = JSON.stringify({
        status: 'up',
        version: '3',
        hardware: {
          hostname: 'edge-1',
          cpu: {
            count: 4,
            frequency: 1.5,
            flags: ['fpu', 'vme'],
            model_name: 'Cortex-A72',
            architecture: 'aarch64',
          },
          memory: { physical_bytes: 4_294_967_296, usable_bytes: 3_900_000_000 },
          system_vendor: {
            serial_number: 'S1',
            product_name: 'Raspberry Pi 4',
            manufacturer: 'RPF',
            virtual: false,
          },
          boot: { current_boot_mode: 'bios', pxe_interface: '' },
          interfaces: [
            {
              name: 'eth0',
              has_carrier: true,
              mtu: 1500,
              speed_mbps: -1,
              ipv4_addresses: ['10.0.0.2/24'],
              ipv6_addresses: null,
              flags: ['up'],
              mac_address: 'dc:a6:32:00:00:01',
            },
          ],
          disks: [
            { name: 'mmcblk0', size_bytes: 31_914_983_424, bootable: true, io_perf: { sync_duration: 12 } },
          ],
          gpus: [{ vendor: 'Broadcom', name: 'VideoCore' }],
          host_devices: [{ path: '/dev/ttyS0', device_type: 'c', uid: 0, gid: 5, major: 4, minor: 64 }],
          mounts: [{ device: '/dev/mmcblk0p2', directory: '/', type: 'ext4', options: 'rw' }],
        },
        upgrade: {
          current_commit_ID: 'abc',
          last_upgrade_status: 'succeeded',
          last_upgrade_time: 'yesterday',
        },
        'playbook-executions': [
          { name: 'p', status: 'Running', last_data_upload: '0001-01-01T00:00:00.000Z' },
        ],
      });

      expect(problemOf(heartbeatShape, body)).toBeUndefined();
    });

    it('ignores fields the models do not know', () => {
      const body = JSON.stringify({
        features: { modelName: 'rpi', colour: 7, hardware: { hostname: 'h', extra: { deep: [1] } } },
        target_namespace: 'tns',
        surprise: [true],
      });

      expect(problemOf(enrolmentInfoShape, body)).toBeUndefined();
    });

    it('accepts an empty object', () => {
      expect(problemOf(heartbeatShape, '{}')).toBeUndefined();
    });
  });

  describe('null', () => {
    it.each([
      ['the whole body', 'null'],
      ['an object field', '{"features":null}'],
      ['a string field', '{"target_namespace":null}'],
      ['a nested string field', '{"features":{"modelName":null}}'],
      ['a nested object', '{"features":{"hardware":{"cpu":null,"memory":null,"system_vendor":null}}}'],
      ['an integer field', '{"features":{"hardware":{"cpu":{"count":null}}}}'],
      ['a number field', '{"features":{"hardware":{"cpu":{"frequency":null}}}}'],
      ['a boolean field', '{"features":{"hardware":{"system_vendor":{"virtual":null}}}}'],
      ['an array', '{"features":{"hardware":{"interfaces":null}}}'],
      ['an array item', '{"features":{"hardware":{"interfaces":[null],"disks":[null]}}}'],
      ['a string inside an array', '{"features":{"hardware":{"cpu":{"flags":["fpu",null]}}}}'],
    ])('is accepted for %s', (_what, json) => {
      expect(problemOf(enrolmentInfoShape, json)).toBeUndefined();
    });

    it('is accepted for every heartbeat field', () => {
      const body = JSON.stringify({
        status: null,
        version: null,
        workloads: [{ name: null, status: null, last_data_upload: null }],
        'playbook-executions': null,
        upgrade: null,
        hardware: null,
        events: [{ reason: null, message: null, type: null }],
      });

      expect(problemOf(heartbeatShape, body)).toBeUndefined();
    });
  });

  describe('wrong JSON types', () => {
    it.each([
      ['4.5', '4.5'],
      ['"4"', '"4"'],
      ['true', 'true'],
      ['[4]', '[4]'],
      ['{}', '{}'],
    ])('rejects hardware.cpu.count given %s, naming the path and "integer"', (_shown, raw) => {
      const problem = problemOf(registrationInfoShape, `{"hardware":{"cpu":{"count":${raw}}}}`);

      expect(problem).toContain('hardware.cpu.count');
      expect(problem).toContain('integer');
    });

    it('accepts a negative integer for an int64 field', () => {
      expect(
        problemOf(registrationInfoShape, '{"hardware":{"interfaces":[{"speed_mbps":-1}]}}'),
      ).toBeUndefined();
    });

    it('accepts a whole or fractional number for a float field', () => {
      expect(problemOf(registrationInfoShape, '{"hardware":{"cpu":{"frequency":1800}}}')).toBeUndefined();
      expect(problemOf(registrationInfoShape, '{"hardware":{"cpu":{"frequency":1.8}}}')).toBeUndefined();
    });

    it('rejects a string for a float field', () => {
      const problem = problemOf(registrationInfoShape, '{"hardware":{"cpu":{"frequency":"1.8"}}}');

      expect(problem).toContain('hardware.cpu.frequency');
      expect(problem).toContain('number');
    });

    it('rejects an object for workloads as "must be an array"', () => {
      const problem = problemOf(heartbeatShape, '{"workloads":{"name":"w"}}');

      expect(problem).toContain('workloads');
      expect(problem).toContain('must be an array');
    });

    it('rejects a string for workloads as "must be an array"', () => {
      expect(problemOf(heartbeatShape, '{"workloads":"w"}')).toContain('must be an array');
    });

    it('rejects a number for workloads[0].name, naming the indexed path', () => {
      const problem = problemOf(heartbeatShape, '{"workloads":[{"name":1}]}');

      expect(problem).toContain('workloads[0].name');
      expect(problem).toContain('string');
    });

    it('names the index of the first bad item of an array', () => {
      const problem = problemOf(
        heartbeatShape,
        '{"workloads":[{"name":"a"},{"name":"b"},{"name":"c","status":false}]}',
      );

      expect(problem).toContain('workloads[2].status');
    });

    it('names the path of a bad item inside a nested array', () => {
      const problem = problemOf(registrationInfoShape, '{"hardware":{"interfaces":[{"flags":["up",3]}]}}');

      expect(problem).toContain('hardware.interfaces[0].flags[1]');
    });

    it('rejects a string for a boolean field', () => {
      const problem = problemOf(registrationInfoShape, '{"hardware":{"system_vendor":{"virtual":"false"}}}');

      expect(problem).toContain('hardware.system_vendor.virtual');
      expect(problem).toContain('boolean');
    });

    it('rejects a number for a string field', () => {
      expect(problemOf(enrolmentInfoShape, '{"target_namespace":5}')).toContain('target_namespace');
    });

    it('rejects an array where an object is expected', () => {
      const problem = problemOf(enrolmentInfoShape, '{"features":[]}');

      expect(problem).toContain('features');
      expect(problem).toContain('must be an object');
    });

    it('rejects a string where an object is expected', () => {
      expect(problemOf(registrationInfoShape, '{"hardware":"h"}')).toContain('hardware');
    });

    it.each(['[]', '"body"', '42', 'true'])('rejects the top-level body %s', (json) => {
      expect(problemOf(heartbeatShape, json)).toContain('must be an object');
    });

    it('rejects a bad type deep in a heartbeat hardware profile', () => {
      const problem = problemOf(
        heartbeatShape,
        '{"hardware":{"disks":[{"io_perf":{"sync_duration":"12"}}]}}',
      );

      expect(problem).toContain('hardware.disks[0].io_perf.sync_duration');
      expect(problem).toContain('integer');
    });

    it('prefixes problems with the path it is given', () => {
      expect(findShapeProblem(heartbeatShape, { version: 5 }, 'body')).toContain('body.version');
    });
  });

  describe('maps', () => {
    it('accepts string values', () => {
      expect(findShapeProblem(labelsShape, { a: 'b', 'flotta/member-of': 'set1' }, '')).toBeUndefined();
    });

    it('rejects a non-string value, naming its key', () => {
      expect(findShapeProblem(labelsShape, { a: 'b', c: 2 }, 'labels')).toContain('labels.c');
    });

    it('rejects an array', () => {
      expect(findShapeProblem(labelsShape, ['a'], 'labels')).toContain('must be an object');
    });
  });

  describe('shape builders', () => {
    it('checks arrays of maps inside objects', () => {
      const shape = obj({ items: arr(map('integer')) });

      expect(findShapeProblem(shape, { items: [{ a: 1 }, { b: 2 }] }, '')).toBeUndefined();
      expect(findShapeProblem(shape, { items: [{ a: 1 }, { b: 'x' }] }, '')).toContain('items[1].b');
    });
  });
});
