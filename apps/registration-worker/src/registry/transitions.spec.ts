import type { LifecycleType } from '@lib/contracts';
import type { AutoApprovalRuleEntity } from '@lib/database';
import type { PermanentEventError } from '@lib/kafka';
import { describe, expect, it } from 'vitest';
import { decide, decommission, type DeviceRecord, enrol, register, type RegistryState } from './transitions';

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
