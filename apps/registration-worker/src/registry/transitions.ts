import {
  type DecommissionRequestedEvent,
  type DeviceImportRequestedEvent,
  type EnrolmentDecidedEvent,
  type EnrolmentRequestedEvent,
  hardwareLabels,
  type HardwareLabelsReportedEvent,
  type LabelsChangeRequestedEvent,
  type LifecycleType,
  type RegistrationRequestedEvent,
} from '@lib/contracts';
import { type AutoApprovalRuleEntity, type DeviceEntity, withoutNul } from '@lib/database';
import { PermanentEventError } from '@lib/kafka';
import { isDeepStrictEqual } from 'node:util';
import { matchRule } from './auto-approval';
import { isValidAt, type Preauthorization, type PreauthorizationUse } from './preauthorization';

/** A registry row as the batch sees it; `id` is unset until a new device has been written. */
export type DeviceRecord = Omit<DeviceEntity, 'id' | 'createdAt' | 'updatedAt'>;

/**
 * The registry rows a batch touches, by device ID, plus the enabled auto-approval rules in order and, for
 * enrolments, the batch's unused pre-authorisations (a use moves one from the map to `uses`).
 */
export interface RegistryState {
  devices: Map<string, DeviceRecord>;
  rules: AutoApprovalRuleEntity[];
  preauthorizations?: Map<string, Preauthorization>;
  uses?: PreauthorizationUse[];
}

/** Called once per change, right after it: the device as it is then (its revision already bumped). */
export type Emit = (type: LifecycleType, device: DeviceRecord) => void;

/**
 * The device registry's state machine: pending → approved | rejected → registered → decommissioned.
 * Every change bumps the revision and is emitted. An event that changes nothing (a redelivery, a repeated poll)
 * emits nothing; one the registry can never take throws a PermanentEventError.
 */
export function enrol(state: RegistryState, event: EnrolmentRequestedEvent, emit: Emit): void {
  const existing = state.devices.get(event.deviceId);
  const occurredAt = new Date(event.occurredAt);
  if (existing && existing.state !== 'decommissioned') {
    return;
  }
  if (existing?.decommissionedAt && existing.decommissionedAt >= occurredAt) {
    // A redelivered enrolment from before the decommissioning must not bring the device back.
    return;
  }
  // What the device reported is stored as sent, less the NULs PostgreSQL cannot hold.
  const enrolmentInfo = withoutNul(event.enrolmentInfo ?? null);
  const device: DeviceRecord = {
    deviceId: event.deviceId,
    namespace: event.namespace,
    requestedNamespace: event.namespace,
    state: 'pending',
    revision: (existing?.revision ?? 0) + 1,
    labels: {},
    hardware: enrolmentInfo?.features?.hardware ?? null,
    enrolmentInfo: enrolmentInfo as Record<string, unknown> | null,
    enrolledAt: occurredAt,
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    registeredAt: null,
    decommissionedAt: null,
  };
  state.devices.set(event.deviceId, device);
  emit('enrolled', device);
  // A pre-authorisation names this very device: it goes before any rule. An expired one is not used up.
  const preauthorization = state.preauthorizations?.get(event.deviceId);
  if (preauthorization && isValidAt(preauthorization, occurredAt)) {
    state.preauthorizations?.delete(event.deviceId);
    (state.uses ??= []).push({
      preauthorizationId: preauthorization.id,
      deviceId: event.deviceId,
      usedAt: occurredAt,
    });
    change(device, emit, 'approved', {
      state: 'approved',
      namespace: preauthorization.namespace,
      labels: { ...preauthorization.labels },
      decidedAt: occurredAt,
      decidedBy: `preauthorization:${preauthorization.createdBy}`,
    });
    return;
  }
  const rule = matchRule(state.rules, event.deviceId, event.namespace);
  if (rule) {
    change(device, emit, 'approved', {
      state: 'approved',
      namespace: rule.targetNamespace ?? event.namespace,
      labels: { ...rule.labels },
      decidedAt: occurredAt,
      decidedBy: `rule:${rule.name}`,
    });
  }
}

export function decide(state: RegistryState, event: EnrolmentDecidedEvent, emit: Emit): void {
  const device = known(state, event.deviceId);
  const decided = {
    decidedAt: new Date(event.occurredAt),
    decidedBy: event.decidedBy,
    decisionReason: event.reason ?? null,
  };
  if (event.decision === 'approved') {
    if (device.state === 'pending' || device.state === 'rejected') {
      change(device, emit, 'approved', {
        ...decided,
        state: 'approved',
        namespace: event.namespace ?? device.requestedNamespace,
        labels: { ...device.labels, ...(event.labels ?? {}) },
      });
    }
  } else if (device.state === 'pending' || device.state === 'approved') {
    change(device, emit, 'rejected', { ...decided, state: 'rejected', namespace: device.requestedNamespace });
  }
}

export function register(state: RegistryState, event: RegistrationRequestedEvent, emit: Emit): void {
  const device = known(state, event.deviceId);
  if (device.state !== 'approved' && device.state !== 'registered') {
    throw new PermanentEventError('DEVICE_NOT_APPROVED', `Device ${device.deviceId} is ${device.state}`);
  }
  const hardware = withoutNul(event.hardware) ?? device.hardware;
  // Compared as values: jsonb hands objects back with their keys reordered.
  const labels = { ...device.labels, ...hardwareLabels(hardware) };
  const unchanged =
    device.state === 'registered' &&
    isDeepStrictEqual(hardware, device.hardware) &&
    isDeepStrictEqual(labels, device.labels);
  if (!unchanged) {
    change(device, emit, 'registered', {
      state: 'registered',
      hardware,
      labels,
      registeredAt: device.registeredAt ?? new Date(event.occurredAt),
    });
  }
}

export function changeLabels(state: RegistryState, event: LabelsChangeRequestedEvent, emit: Emit): void {
  const device = known(state, event.deviceId);
  const labels = { ...device.labels };
  for (const [key, value] of Object.entries(event.labels)) {
    if (value === null) {
      delete labels[key];
    } else {
      labels[key] = value;
    }
  }
  if (!isDeepStrictEqual(labels, device.labels)) {
    change(device, emit, 'labels-changed', { labels });
  }
}

/**
 * The `device.*` labels a heartbeat's hardware derives, merged as at registration (existing labels are never
 * removed). Only an approved or registered device takes them; a decommissioned one's late heartbeat is nothing.
 */
export function reportHardwareLabels(
  state: RegistryState,
  event: HardwareLabelsReportedEvent,
  emit: Emit,
): void {
  const device = known(state, event.deviceId);
  if (device.state !== 'registered' && device.state !== 'approved') {
    return;
  }
  const labels = { ...device.labels, ...event.labels };
  if (!isDeepStrictEqual(labels, device.labels)) {
    change(device, emit, 'labels-changed', { labels });
  }
}

const IMPORTED_EVENT: Record<DeviceImportRequestedEvent['state'], LifecycleType> = {
  pending: 'enrolled',
  approved: 'approved',
  registered: 'registered',
};

/**
 * A device moving over from the CRD backend, taken in as it was there. Importing it again changes nothing; a
 * device the registry already knows in another state or namespace is refused for good: an import never
 * overwrites what the registry has.
 */
export function importDevice(state: RegistryState, event: DeviceImportRequestedEvent, emit: Emit): void {
  const existing = state.devices.get(event.deviceId);
  if (existing) {
    if (existing.state === event.state && existing.namespace === event.namespace) {
      return;
    }
    throw new PermanentEventError(
      'DEVICE_CONFLICT',
      `Device ${event.deviceId} is already ${existing.state} in namespace ${existing.namespace}; not imported`,
    );
  }
  const at = new Date(event.occurredAt);
  const decided = event.state !== 'pending';
  const device: DeviceRecord = {
    deviceId: event.deviceId,
    namespace: decided ? event.namespace : event.requestedNamespace,
    requestedNamespace: event.requestedNamespace,
    state: event.state,
    revision: 1,
    labels: { ...event.labels },
    hardware: withoutNul(event.hardware ?? null),
    enrolmentInfo: null,
    enrolledAt: new Date(event.enrolledAt),
    decidedAt: decided ? at : null,
    decidedBy: decided ? event.importedBy : null,
    decisionReason: null,
    registeredAt: event.state === 'registered' ? at : null,
    decommissionedAt: null,
  };
  state.devices.set(event.deviceId, device);
  emit(IMPORTED_EVENT[event.state], device);
}

export function decommission(state: RegistryState, event: DecommissionRequestedEvent, emit: Emit): void {
  const device = known(state, event.deviceId);
  if (device.state !== 'decommissioned') {
    change(device, emit, 'decommissioned', {
      state: 'decommissioned',
      decommissionedAt: new Date(event.occurredAt),
    });
  }
}

function known(state: RegistryState, deviceId: string): DeviceRecord {
  const device = state.devices.get(deviceId);
  if (!device) {
    throw new PermanentEventError('DEVICE_NOT_FOUND', `Device ${deviceId} is not in the registry`);
  }
  return device;
}

// Fields are replaced, never mutated in place: an emitted snapshot keeps the objects it was given.
function change(device: DeviceRecord, emit: Emit, type: LifecycleType, fields: Partial<DeviceRecord>): void {
  Object.assign(device, fields);
  device.revision += 1;
  emit(type, device);
}
