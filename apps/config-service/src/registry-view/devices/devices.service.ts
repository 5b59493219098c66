import { DEVICE_STATES, LabelSelectorError, parseLabelSelector, TOPICS } from '@lib/contracts';
import { DeviceEventEntity, DeviceStatusEntity, DeviceViewEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { decodeCursor, type Page, toPage } from '../../pagination';
import type { DeviceParams } from '../../request-params';
import { ConfigurationStore, whereLabels } from '../../serving';
import { RegistryCommands } from '../registry-commands/registry-commands';
import { type DeviceEventDto, toDeviceEventDto } from './device-event.dto';
import { type DeviceDto, toDeviceDto } from './device.dto';
import type { DeviceEventsQuery, ListDevicesQuery, PatchDeviceDto } from './devices.dto';

const DEVICE_STATES_LISTED = ['approved', 'registered', 'decommissioned'];

export interface CommandAccepted {
  deviceId: string;
  commandId: string;
}

@Injectable()
export class DevicesService {
  constructor(
    @InjectRepository(DeviceViewEntity) private readonly views: Repository<DeviceViewEntity>,
    @InjectRepository(DeviceStatusEntity) private readonly statuses: Repository<DeviceStatusEntity>,
    @InjectRepository(DeviceEventEntity) private readonly deviceEvents: Repository<DeviceEventEntity>,
    private readonly commands: RegistryCommands,
    private readonly configurations: ConfigurationStore,
  ) {}

  async list(ns: string, query: ListDevicesQuery): Promise<Page<DeviceDto>> {
    const after = decodeCursor(query.cursor);
    const qb = this.views
      .createQueryBuilder('d')
      .where('d.namespace = :ns', { ns })
      .andWhere('d.state IN (:...states)', { states: query.state ? [query.state] : DEVICE_STATES_LISTED })
      .orderBy('d.device_id', 'ASC')
      .limit(query.limit + 1);
    if (after) {
      qb.andWhere('d.device_id > :after', { after: after.id });
    }
    if (query.presence) {
      qb.innerJoin(DeviceStatusEntity, 's', 's.device_id = d.device_id AND s.presence = :presence', {
        presence: query.presence,
      });
    }
    try {
      whereLabels(qb, 'd', parseLabelSelector(query.labelSelector ?? ''));
    } catch (error) {
      if (error instanceof LabelSelectorError) {
        throw new DomainError('VALIDATION_FAILED', `labelSelector: ${error.message}`);
      }
      throw error;
    }
    const rows = await qb.getMany();
    const statuses = await this.statuses.findBy({ deviceId: In(rows.map((r) => r.deviceId)) });
    const byId = new Map(statuses.map((s) => [s.deviceId, s]));
    const versions = await this.configurations.versions(rows.map((r) => r.deviceId));
    return toPage(
      rows.map((r) => toDeviceDto(r, byId.get(r.deviceId), versions.get(r.deviceId))),
      query.limit,
      (d) => ({ sort: '', id: d.deviceId }),
    );
  }

  /** In every state: a pending or rejected device is found in the namespace it asked for. */
  async get(params: DeviceParams): Promise<DeviceDto> {
    const view = await this.require(params, DEVICE_STATES);
    const versions = await this.configurations.versions([view.deviceId]);
    return toDeviceDto(
      view,
      await this.statuses.findOneBy({ deviceId: view.deviceId }),
      versions.get(view.deviceId),
    );
  }

  /** Events the device reported in its heartbeats, newest first. */
  async events(params: DeviceParams, query: DeviceEventsQuery): Promise<Page<DeviceEventDto>> {
    await this.require(params, DEVICE_STATES);
    const after = decodeCursor(query.cursor);
    const qb = this.deviceEvents
      .createQueryBuilder('e')
      .where('e.device_id = :id', { id: params.deviceId })
      .orderBy('e.received_at', 'DESC')
      .addOrderBy('e.heartbeat_id', 'DESC')
      .addOrderBy('e.seq', 'DESC')
      .limit(query.limit + 1);
    if (after) {
      const [heartbeatId, seq] = after.id.split(':');
      qb.andWhere('(e.received_at, e.heartbeat_id, e.seq) < (:t, :h, :s)', {
        t: after.sort,
        h: heartbeatId,
        s: Number(seq),
      });
    }
    const rows = await qb.getMany();
    return toPage(rows.map(toDeviceEventDto), query.limit, (e) => ({
      sort: e.receivedAt,
      id: `${e.heartbeatId}:${e.seq}`,
    }));
  }

  /** The configuration the device is served, secrets masked; 404 while it has none (not yet approved). */
  async patchLabels(
    params: DeviceParams,
    body: PatchDeviceDto,
    actor: string,
    correlationId: string,
  ): Promise<CommandAccepted> {
    await this.require(params);
    const command = {
      deviceId: params.deviceId,
      namespace: params.ns,
      labels: body.labels,
      requestedBy: actor,
    };
    const commandId = await this.commands.accept(TOPICS.labelsChangeRequested, command, correlationId);
    return { deviceId: params.deviceId, commandId };
  }

  async decommission(params: DeviceParams, actor: string, correlationId: string): Promise<CommandAccepted> {
    await this.require(params);
    const command = { deviceId: params.deviceId, namespace: params.ns, requestedBy: actor };
    const commandId = await this.commands.accept(TOPICS.decommissionRequested, command, correlationId);
    return { deviceId: params.deviceId, commandId };
  }

  private async require(
    { ns, deviceId }: DeviceParams,
    states: readonly string[] = DEVICE_STATES_LISTED,
  ): Promise<DeviceViewEntity> {
    // The read model keeps a pending or rejected device in its requested namespace.
    const view = await this.views.findOneBy({ deviceId, namespace: ns });
    if (!view || !states.includes(view.state)) {
      throw new DomainError('DEVICE_NOT_FOUND', `Device ${deviceId} not found in namespace ${ns}`);
    }
    return view;
  }
}
