import type {
  DecommissionRequestedEvent,
  EnrolmentDecidedEvent,
  EnrolmentRequestedEvent,
  LabelsChangeRequestedEvent,
  LifecycleType,
  RegistrationRequestedEvent,
} from '@lib/contracts';
import { DeviceEntity, RegistrationOutboxEntity, withoutNul } from '@lib/database';
import { PermanentEventError } from '@lib/kafka';
import { Injectable, Logger } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { AutoApprovalService } from './auto-approval.service';
import { lifecycleOutboxRow, stateOutboxRow } from './device-snapshot';
import { hardwareLabels } from './hardware-labels';

// Compared as values: jsonb hands objects back with their keys reordered.
type Change = (device: DeviceEntity) => LifecycleType | null;

/**
 * The device registry's state machine: pending → approved | rejected → registered → decommissioned.
 * Every change bumps the revision and writes its lifecycle event to the outbox in the same transaction.
 * Handlers are idempotent: an event that changes nothing (a redelivery, a repeated poll) writes nothing.
 */
@Injectable()
export class DeviceRegistry {
  private readonly logger = new Logger(DeviceRegistry.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly autoApproval: AutoApprovalService,
    private readonly relay: OutboxRelay,
  ) {}

  async enrol(event: EnrolmentRequestedEvent): Promise<void> {
    await this.inTransaction(async (manager) => {
      const existing = await this.lockDevice(manager, event.deviceId);
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
      const device = manager.create(DeviceEntity, {
        ...(existing ?? {}),
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
      });
      await this.save(manager, device, 'enrolled');
      const rule = await this.autoApproval.match(manager, event.deviceId, event.namespace);
      if (rule) {
        device.state = 'approved';
        device.namespace = rule.targetNamespace ?? event.namespace;
        device.labels = { ...rule.labels };
        device.decidedAt = occurredAt;
        device.decidedBy = `rule:${rule.name}`;
        device.revision += 1;
        await this.save(manager, device, 'approved');
      }
    });
  }

  async decide(event: EnrolmentDecidedEvent): Promise<void> {
    await this.change(event.deviceId, (device) => {
      if (event.decision === 'approved') {
        if (device.state !== 'pending' && device.state !== 'rejected') {
          return null;
        }
        device.state = 'approved';
        device.namespace = event.namespace ?? device.requestedNamespace;
        device.labels = { ...device.labels, ...(event.labels ?? {}) };
      } else {
        if (device.state !== 'pending' && device.state !== 'approved') {
          return null;
        }
        device.state = 'rejected';
        device.namespace = device.requestedNamespace;
      }
      device.decidedAt = new Date(event.occurredAt);
      device.decidedBy = event.decidedBy;
      device.decisionReason = event.reason ?? null;
      return event.decision;
    });
  }

  async register(event: RegistrationRequestedEvent): Promise<void> {
    await this.change(event.deviceId, (device) => {
      if (device.state !== 'approved' && device.state !== 'registered') {
        throw new PermanentEventError('DEVICE_NOT_APPROVED', `Device ${device.deviceId} is ${device.state}`);
      }
      const hardware = withoutNul(event.hardware) ?? device.hardware;
      const labels = { ...device.labels, ...hardwareLabels(hardware) };
      const unchanged =
        device.state === 'registered' &&
        isDeepStrictEqual(hardware, device.hardware) &&
        isDeepStrictEqual(labels, device.labels);
      if (unchanged) {
        return null;
      }
      device.state = 'registered';
      device.hardware = hardware;
      device.labels = labels;
      device.registeredAt ??= new Date(event.occurredAt);
      return 'registered';
    });
  }

  async changeLabels(event: LabelsChangeRequestedEvent): Promise<void> {
    await this.change(event.deviceId, (device) => {
      const labels = { ...device.labels };
      for (const [key, value] of Object.entries(event.labels)) {
        if (value === null) {
          delete labels[key];
        } else {
          labels[key] = value;
        }
      }
      if (isDeepStrictEqual(labels, device.labels)) {
        return null;
      }
      device.labels = labels;
      return 'labels-changed';
    });
  }

  async decommission(event: DecommissionRequestedEvent): Promise<void> {
    await this.change(event.deviceId, (device) => {
      if (device.state === 'decommissioned') {
        return null;
      }
      device.state = 'decommissioned';
      device.decommissionedAt = new Date(event.occurredAt);
      return 'decommissioned';
    });
  }

  /** Applies `apply` to a locked device; it returns the lifecycle type of the change, or null for none. */
  private async change(deviceId: string, apply: Change): Promise<void> {
    await this.inTransaction(async (manager) => {
      const device = await this.lockDevice(manager, deviceId);
      if (!device) {
        throw new PermanentEventError('DEVICE_NOT_FOUND', `Device ${deviceId} is not in the registry`);
      }
      const type = apply(device);
      if (type) {
        device.revision += 1;
        await this.save(manager, device, type);
      } else {
        this.logger.debug({ msg: 'Event changes nothing', deviceId });
      }
    });
  }

  private async inTransaction(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(work);
    this.relay.nudge();
  }

  private lockDevice(manager: EntityManager, deviceId: string): Promise<DeviceEntity | null> {
    return manager.findOne(DeviceEntity, { where: { deviceId }, lock: { mode: 'pessimistic_write' } });
  }

  private async save(manager: EntityManager, device: DeviceEntity, type: LifecycleType): Promise<void> {
    await manager.save(DeviceEntity, device);
    await manager.save(RegistrationOutboxEntity, [
      manager.create(RegistrationOutboxEntity, lifecycleOutboxRow(type, device)),
      manager.create(RegistrationOutboxEntity, stateOutboxRow(device)),
    ]);
  }
}
