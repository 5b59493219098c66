import { TOPICS } from '@lib/contracts';
import { DeviceViewEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ALL_NAMESPACES, type NamespaceScope, type Principal } from '../../access';
import { decodeCursor, type Page, toPage } from '../../pagination';
import { DeviceViewService } from '../device-view/device-view.service';
import { type DeviceDto, toDeviceDto } from '../devices/device.dto';
import { RegistryCommands } from '../registry-commands/registry-commands';
import type { ApproveEnrolmentDto, ListEnrolmentsQuery, RejectEnrolmentDto } from './enrolment.dto';

export interface DecisionResult {
  /** True when a decision was queued for the registry (202); false when it was already in effect (200). */
  queued: boolean;
  deviceId: string;
  decision: 'approved' | 'rejected';
  namespace: string;
  commandId?: string;
}

@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectRepository(DeviceViewEntity) private readonly views: Repository<DeviceViewEntity>,
    private readonly devices: DeviceViewService,
    private readonly commands: RegistryCommands,
  ) {}

  async list(query: ListEnrolmentsQuery, scope: NamespaceScope): Promise<Page<DeviceDto>> {
    const after = decodeCursor(query.cursor);
    const qb = this.views
      .createQueryBuilder('d')
      .where('d.state = :state', { state: query.status })
      .orderBy('d.enrolled_at', 'ASC')
      .addOrderBy('d.device_id', 'ASC')
      .limit(query.limit + 1);
    if (scope !== ALL_NAMESPACES) {
      qb.andWhere('d.namespace = ANY(:scope)', { scope: [...scope] });
    }
    if (after) {
      qb.andWhere('(d.enrolled_at, d.device_id) > (:sort, :id)', { sort: after.sort, id: after.id });
    }
    const rows = await qb.getMany();
    return toPage(
      rows.map((r) => toDeviceDto(r)),
      query.limit,
      (d) => ({ sort: d.enrolledAt, id: d.deviceId }),
    );
  }

  async approve(
    deviceId: string,
    body: ApproveEnrolmentDto,
    caller: Principal,
    correlationId: string,
  ): Promise<DecisionResult> {
    const device = await this.require(deviceId, caller);
    switch (device.state) {
      case 'approved':
      case 'registered':
        caller.require('operator', device.namespace);
        return { queued: false, deviceId, decision: 'approved', namespace: device.namespace };
      case 'decommissioned':
        throw new DomainError(
          'ENROLMENT_ALREADY_DECIDED',
          `Device ${deviceId} is decommissioned; it must enrol again`,
        );
      case 'pending':
      case 'rejected': {
        const namespace = body.namespace ?? device.requestedNamespace;
        caller.require('operator', namespace);
        const commandId = await this.queue(
          { deviceId, decision: 'approved', namespace, labels: body.labels ?? {}, decidedBy: caller.actor },
          namespace,
          correlationId,
        );
        return { queued: true, deviceId, decision: 'approved', namespace, commandId };
      }
    }
  }

  async reject(
    deviceId: string,
    body: RejectEnrolmentDto,
    caller: Principal,
    correlationId: string,
  ): Promise<DecisionResult> {
    const device = await this.require(deviceId, caller);
    caller.require('operator', device.namespace);
    switch (device.state) {
      case 'rejected':
        return { queued: false, deviceId, decision: 'rejected', namespace: device.namespace };
      case 'registered':
      case 'decommissioned':
        throw new DomainError(
          'ENROLMENT_ALREADY_DECIDED',
          `Device ${deviceId} is ${device.state}; decommission it instead of rejecting`,
        );
      case 'pending':
      case 'approved': {
        const commandId = await this.queue(
          { deviceId, decision: 'rejected', reason: body.reason, decidedBy: caller.actor },
          device.requestedNamespace,
          correlationId,
        );
        return {
          queued: true,
          deviceId,
          decision: 'rejected',
          namespace: device.requestedNamespace,
          commandId,
        };
      }
    }
  }

  /** The decision and the request's audit entry (in `namespace`) commit together. */
  private queue(
    decision: { deviceId: string } & Record<string, unknown>,
    namespace: string,
    correlationId: string,
  ): Promise<string> {
    return this.commands.accept(TOPICS.enrolmentDecided, decision, correlationId, namespace);
  }

  /** A device the caller may not see is reported missing, as if it were not there. */
  private async require(deviceId: string, caller: Principal): Promise<DeviceViewEntity> {
    const device = await this.devices.find(deviceId);
    if (!device || !caller.can('viewer', device.namespace)) {
      throw new DomainError('ENROLMENT_NOT_FOUND', `No enrolment for device ${deviceId}`);
    }
    return device;
  }
}
