import { HEADERS, type LifecycleType, TOPICS } from '@lib/contracts';
import { type ConsumedEvent, headerOf, isPermanent, type RejectedEvent } from '@lib/kafka';
import { correlationIdFrom } from '@lib/observability';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox.relay';
import { unappliedEvents } from './applied-commands';
import { enabledRules } from './auto-approval';
import { lifecycleOutboxRow, type OutboxRow, stateOutboxRow } from './device-snapshot';
import { insertOutbox, lockDevices, saveDevices } from './device-store';
import { insertUses, unusedPreauthorizations } from './preauthorization';
import type { RegistryEvent } from './registry-events';
import {
  changeLabels,
  decide,
  decommission,
  type DeviceRecord,
  type Emit,
  enrol,
  importDevice,
  register,
  type RegistryState,
  reportHardwareLabels,
} from './transitions';

type Transition = (state: RegistryState, event: never, emit: Emit) => void;

const TRANSITIONS: Record<string, Transition> = {
  [TOPICS.enrolmentRequested]: enrol,
  [TOPICS.enrolmentDecided]: decide,
  [TOPICS.registrationRequested]: register,
  [TOPICS.labelsChangeRequested]: changeLabels,
  [TOPICS.decommissionRequested]: decommission,
  [TOPICS.hardwareLabelsReported]: reportHardwareLabels,
  [TOPICS.deviceImportRequested]: importDevice,
};

/**
 * Applies a batch of one topic's events to the registry in one transaction: the batch's devices are read and
 * locked once, the state machine runs in memory in offset order, then the devices' final state and every
 * change's outbox rows (lifecycle event and state snapshot) are written in one statement each. A batch is
 * idempotent: redelivered, each event finds its change already made and writes nothing; a command republished
 * later, after the device's own events moved on, is known by its eventId and skipped.
 */
@Injectable()
export class DeviceRegistry {
  private readonly logger = new Logger(DeviceRegistry.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /** Returns the events the registry refused for good (an unknown device, a device not approved). */
  async apply(topic: string, batch: ConsumedEvent<RegistryEvent>[]): Promise<RejectedEvent<RegistryEvent>[]> {
    const transition = TRANSITIONS[topic];
    const result = await this.dataSource.transaction(async (manager) => {
      const events = await unappliedEvents(manager, topic, batch);
      if (events.length === 0) {
        return { rejected: [], written: 0 };
      }
      const deviceIds = [...new Set(events.map(({ event }) => event.deviceId))];
      const enrolments = topic === TOPICS.enrolmentRequested;
      const state: RegistryState = {
        devices: await lockDevices(manager, deviceIds),
        rules: enrolments ? await enabledRules(manager) : [],
        preauthorizations: enrolments ? await unusedPreauthorizations(manager, deviceIds) : new Map(),
        uses: [],
      };
      const changed = new Set<DeviceRecord>();
      const outbox: OutboxRow[] = [];
      const rejected: RejectedEvent<RegistryEvent>[] = [];
      for (const consumed of events) {
        const correlationId = correlationIdFrom(headerOf(consumed.message, HEADERS.correlationId));
        const emit = (type: LifecycleType, device: DeviceRecord) => {
          changed.add(device);
          outbox.push(lifecycleOutboxRow(type, device, correlationId), stateOutboxRow(device));
        };
        try {
          transition(state, consumed.event as never, emit);
        } catch (error) {
          if (!isPermanent(error)) {
            throw error;
          }
          this.logger.warn({
            msg: 'Event refused',
            correlationId,
            deviceId: consumed.event.deviceId,
            code: error.code,
          });
          rejected.push({ consumed, error });
        }
      }
      await saveDevices(manager, [...changed]);
      await insertUses(manager, state.uses ?? []);
      await insertOutbox(manager, outbox);
      return { rejected, written: outbox.length };
    });
    if (result.written > 0) {
      this.relay.nudge();
    }
    return result.rejected;
  }
}
