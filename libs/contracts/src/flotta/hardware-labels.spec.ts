import { describe, expect, it } from 'vitest';
import { hardwareLabels, normalizeLabel } from './hardware-labels';
import type { HardwareInfo } from './models';

describe(normalizeLabel.name, () => {
  it.each([
    ['Raspberry Pi 4 Model B', 'raspberrypi4modelb'],
    ['  -Intel(R) Core(TM)- ', 'intelrcoretm'],
    ['x86_64', 'x86_64'],
    ['aarch64', 'aarch64'],
    ['edge-1.example.com', 'edge-1.example.com'],
    ['HOST', 'host'],
    ['_a_', 'a'],
    ['.a.b.', 'a.b'],
    ['a b\tc', 'abc'],
    ['Dell Inc.', 'dellinc'],
    ['a/b:c', 'abc'],
    ['ab\u00e9cd', 'abcd'],
    ['9', '9'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalizeLabel(raw)).toBe(expected);
  });

  it.each(['', '___', '   ', '-._', '()', '\u00e9\u00e8'])('returns an empty string for %j', (raw) => {
    expect(normalizeLabel(raw)).toBe('');
  });

  it('keeps dashes, underscores and dots between alphanumerics', () => {
    expect(normalizeLabel('a-_.b')).toBe('a-_.b');
  });

  it('always starts and ends with a lower-case letter or digit', () => {
    const inputs = [
      '--A--',
      `${'a'.repeat(62)}-b`,
      `${'a'.repeat(62)}_bcd`,
      `${'a'.repeat(62)}.${'b'.repeat(10)}`,
      `x${'-'.repeat(100)}y`,
    ];

    for (const raw of inputs) {
      expect(normalizeLabel(raw), raw).toMatch(/^[a-z0-9](.*[a-z0-9])?$/);
    }
  });
});

describe(hardwareLabels.name, () => {
  it('returns no labels for null hardware', () => {
    expect(hardwareLabels(null)).toEqual({});
  });

  it('returns no labels for undefined hardware', () => {
    expect(hardwareLabels(undefined)).toEqual({});
  });

  it('returns no labels for empty hardware', () => {
    expect(hardwareLabels({})).toEqual({});
  });

  it('derives the six device.* labels, normalised', () => {
    const hardware: HardwareInfo = {
      hostname: 'Edge-01.Lab',
      cpu: { architecture: 'x86_64', model_name: '  -Intel(R) Core(TM)- ', count: 4 },
      system_vendor: {
        manufacturer: 'Raspberry Pi Foundation',
        product_name: 'Raspberry Pi 4 Model B',
        serial_number: '10000000ABCDEF',
        virtual: false,
      },
      memory: { physical_bytes: 1024 },
    };

    expect(hardwareLabels(hardware)).toEqual({
      'device.hostname': 'edge-01.lab',
      'device.cpu-architecture': 'x86_64',
      'device.cpu-model': 'intelrcoretm',
      'device.system-manufacturer': 'raspberrypifoundation',
      'device.system-product': 'raspberrypi4modelb',
      'device.system-serial': '10000000abcdef',
    });
  });

  it('skips a label whose value normalises to nothing', () => {
    const hardware: HardwareInfo = {
      hostname: 'h',
      cpu: { architecture: '___', model_name: '' },
      system_vendor: { manufacturer: '  ', product_name: 'P', serial_number: '---' },
    };

    expect(hardwareLabels(hardware)).toEqual({ 'device.hostname': 'h', 'device.system-product': 'p' });
  });

  it('skips labels whose source is missing or null', () => {
    const hardware: HardwareInfo = {
      hostname: null,
      cpu: null,
      system_vendor: { manufacturer: null, product_name: 'Pi' },
    };

    expect(hardwareLabels(hardware)).toEqual({ 'device.system-product': 'pi' });
  });

  it('derives the hostname label alone from hardware with only a hostname', () => {
    expect(hardwareLabels({ hostname: 'h', disks: null, interfaces: null })).toEqual({
      'device.hostname': 'h',
    });
  });

  it('produces only device.* keys', () => {
    const labels = hardwareLabels({
      hostname: 'h',
      cpu: { architecture: 'arm', model_name: 'm', flags: ['fpu'] },
      system_vendor: { manufacturer: 'a', product_name: 'b', serial_number: 'c' },
      gpus: [{ name: 'g' }],
    });

    expect(Object.keys(labels).sort()).toEqual([
      'device.cpu-architecture',
      'device.cpu-model',
      'device.hostname',
      'device.system-manufacturer',
      'device.system-product',
      'device.system-serial',
    ]);
  });
});
