import type { LifecycleType } from '@lib/contracts';
import type { AutoApprovalRuleEntity } from '@lib/database';
import type { PermanentEventError } from '@lib/kafka';
import { describe, expect, it } from 'vitest';
import {
  decide,
  decommission,
  type DeviceRecord,
  enrol,
  importDevice,
  register,
  type RegistryState,
  reportHardwareLabels,
} from './transitions';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const envelope = (second: number) => ({
  eventId: crypto.randomUUID(),
  occurredAt: at(second),
  schemaVersion: 1,
});

function recorder() {
  const seen: [LifecycleType, number, string][] = [];
  return { seen, emit: (type: LifecycleType, d: DeviceRecord) => seen.push([type, d.revision, d.state]) };
}

function rule(fields: Partial<AutoApprovalRuleEntity>): AutoApprovalRuleEntity {
  return {
    name: 'r',
    deviceIdPattern: '*',
    namespacePattern: '*',
    targetNamespace: null,
    labels: {},
    priority: 0,
    enabled: true,
    ...fields,
  } as AutoApprovalRuleEntity;
}

describe('registry transitions', () => {
  it('enrols a new device pending, then approves it by the first matching rule, emitting both changes', () => {
    const state: RegistryState = {
      devices: new Map(),
      rules: [
        rule({ name: 'other', deviceIdPattern: 'x-*' }),
        rule({ name: 'fleet', targetNamespace: 'prod', labels: { a: 'b' } }),
      ],
    };
    const { seen, emit } = recorder();
    enrol(
      state,
      { ...envelope(1), deviceId: 'dev-1', namespace: 'default', enrolmentInfo: { features: {} } },
      emit,
    );
    expect(seen).toEqual([
      ['enrolled', 1, 'pending'],
      ['approved', 2, 'approved'],
    ]);
    expect(state.devices.get('dev-1')).toMatchObject({
      namespace: 'prod',
      requestedNamespace: 'default',
      labels: { a: 'b' },
      decidedBy: 'rule:fleet',
    });
  });

  it('approves a pre-authorised device before any rule, records the use once, and ignores an expired one', () => {
    const preauthorization = (deviceId: string, expiresAt: Date | null) => ({
      id: crypto.randomUUID(),
      deviceId,
      namespace: 'fleet',
      labels: { site: 'lab' },
      expiresAt,
      createdBy: 'token:op',
    });
    const state: RegistryState = {
      devices: new Map(),
      rules: [rule({ name: 'all' })],
      preauthorizations: new Map([
        ['dev-1', preauthorization('dev-1', null)],
        ['dev-2', preauthorization('dev-2', new Date(at(5)))],
      ]),
      uses: [],
    };
    const { seen, emit } = recorder();
    enrol(state, { ...envelope(1), deviceId: 'dev-1', namespace: 'default' }, emit);
    enrol(state, { ...envelope(2), deviceId: 'dev-1', namespace: 'default' }, emit);
    enrol(state, { ...envelope(6), deviceId: 'dev-2', namespace: 'default' }, emit);
    expect(seen).toEqual([
      ['enrolled', 1, 'pending'],
      ['approved', 2, 'approved'],
      ['enrolled', 1, 'pending'],
      ['approved', 2, 'approved'],
    ]);
    expect(state.devices.get('dev-1')).toMatchObject({
      namespace: 'fleet',
      labels: { site: 'lab' },
      decidedBy: 'preauthorization:token:op',
    });
    // The expired one is passed over: the rule decides instead, and nothing is used up.
    expect(state.devices.get('dev-2')).toMatchObject({ namespace: 'default', decidedBy: 'rule:all' });
    expect(state.uses).toEqual([
      { preauthorizationId: expect.any(String), deviceId: 'dev-1', usedAt: new Date(at(1)) },
    ]);
    expect(state.preauthorizations?.has('dev-1')).toBe(false);
  });

  it('treats a repeated enrolment as nothing, and an old one after decommissioning as nothing', () => {
    const state: RegistryState = { devices: new Map(), rules: [] };
    const { seen, emit } = recorder();
    enrol(state, { ...envelope(1), deviceId: 'dev-1', namespace: 'ns' }, emit);
    enrol(state, { ...envelope(2), deviceId: 'dev-1', namespace: 'ns' }, emit);
    decommission(state, { ...envelope(3), deviceId: 'dev-1', namespace: 'ns', requestedBy: 'op' }, emit);
    enrol(state, { ...envelope(3), deviceId: 'dev-1', namespace: 'ns' }, emit);
    expect(seen.map(([type]) => type)).toEqual(['enrolled', 'decommissioned']);
    enrol(state, { ...envelope(4), deviceId: 'dev-1', namespace: 'ns' }, emit);
    expect(seen.at(-1)).toEqual(['enrolled', 3, 'pending']);
  });

  it('keeps each emitted change as it was when later changes of the same batch replace its fields', () => {
    const state: RegistryState = { devices: new Map(), rules: [] };
    const labels: Record<string, string>[] = [];
    const emit = (_: LifecycleType, d: DeviceRecord) => labels.push(d.labels);
    enrol(state, { ...envelope(1), deviceId: 'dev-1', namespace: 'ns' }, emit);
    decide(
      state,
      { ...envelope(2), deviceId: 'dev-1', decision: 'approved', decidedBy: 'op', labels: { a: '1' } },
      emit,
    );
    register(state, { ...envelope(3), deviceId: 'dev-1', namespace: 'ns', hardware: undefined }, emit);
    expect(labels[0]).toEqual({});
    expect(labels[1]).toEqual({ a: '1' });
  });

  it('refuses for good a registration of a device not approved, and any event about an unknown device', () => {
    const state: RegistryState = { devices: new Map(), rules: [] };
    const { emit } = recorder();
    enrol(state, { ...envelope(1), deviceId: 'dev-1', namespace: 'ns' }, emit);
    expect(() => register(state, { ...envelope(2), deviceId: 'dev-1', namespace: 'ns' }, emit)).toThrow(
      expect.objectContaining({ code: 'DEVICE_NOT_APPROVED' }) as PermanentEventError,
    );
    expect(() =>
      decide(state, { ...envelope(2), deviceId: 'nobody', decision: 'approved', decidedBy: 'op' }, emit),
    ).toThrow(expect.objectContaining({ code: 'DEVICE_NOT_FOUND' }) as PermanentEventError);
  });
});

describe('hardware labels and imports', () => {
  const registeredDevice = (): RegistryState => {
    const state: RegistryState = { devices: new Map(), rules: [] };
    const { emit } = recorder();
    enrol(state, { ...envelope(1), deviceId: 'dev-1', namespace: 'ns' }, emit);
    decide(state, { ...envelope(2), deviceId: 'dev-1', decision: 'approved', decidedBy: 'op' }, emit);
    register(
      state,
      { ...envelope(3), deviceId: 'dev-1', namespace: 'ns', hardware: { hostname: 'a' } },
      emit,
    );
    return state;
  };

  it('merges reported hardware labels once, keeping the others, and ignores a report that changes nothing', () => {
    const state = registeredDevice();
    const { seen, emit } = recorder();
    const report = { ...envelope(4), deviceId: 'dev-1', namespace: 'ns', labels: { 'device.hostname': 'b' } };
    reportHardwareLabels(state, report, emit);
    reportHardwareLabels(state, { ...report, ...envelope(5) }, emit);
    expect(seen).toEqual([['labels-changed', 4, 'registered']]);
    expect(state.devices.get('dev-1')?.labels).toEqual({ 'device.hostname': 'b' });
  });

  it('takes in an unknown device as imported, and again as nothing', () => {
    const state: RegistryState = { devices: new Map(), rules: [] };
    const { seen, emit } = recorder();
    const imported = {
      ...envelope(1),
      deviceId: 'cam-1',
      namespace: 'fleet',
      requestedNamespace: 'fleet',
      state: 'registered' as const,
      labels: { site: 'lab' },
      hardware: { hostname: 'cam' },
      enrolledAt: at(0),
      importedBy: 'import:admin',
    };
    importDevice(state, imported, emit);
    importDevice(state, { ...imported, ...envelope(2) }, emit);
    expect(seen).toEqual([['registered', 1, 'registered']]);
    expect(state.devices.get('cam-1')).toMatchObject({ namespace: 'fleet', decidedBy: 'import:admin' });
  });

  it('refuses to import over a device known in another state', () => {
    const state = registeredDevice();
    const { emit } = recorder();
    expect(() =>
      importDevice(
        state,
        {
          ...envelope(4),
          deviceId: 'dev-1',
          namespace: 'ns',
          requestedNamespace: 'ns',
          state: 'pending',
          labels: {},
          enrolledAt: at(0),
          importedBy: 'import:admin',
        },
        emit,
      ),
    ).toThrow(expect.objectContaining({ code: 'DEVICE_CONFLICT' }) as PermanentEventError);
  });
});
