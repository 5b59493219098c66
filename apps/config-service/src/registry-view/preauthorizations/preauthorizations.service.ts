import { DevicePreauthorizationEntity, DeviceViewEntity, PreauthorizationUseEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type EntityManager, In, Not, Repository } from 'typeorm';
import { ALL_NAMESPACES, type NamespaceScope, type Principal } from '../../access';
import { decodeCursor, type Page, type PageQuery, toPage } from '../../pagination';
import {
  duplicates,
  type ImportProblem,
  type ImportRow,
  MAX_IMPORT_ROWS,
  positionOf,
  refuseIf,
} from './preauthorization-import';
import {
  type ImportResultDto,
  type PreauthorizationDto,
  type PreauthorizationRowDto,
  type PutPreauthorizationDto,
  toPreauthorizationDto,
} from './preauthorization.dto';

/**
 * Devices authorised before they enrol. The config service owns the table; the registration worker reads it when
 * a device enrols and records the use in its own `preauthorization_use`, which this service reads for the state.
 */
@Injectable()
export class PreauthorizationsService {
  constructor(
    @InjectRepository(DevicePreauthorizationEntity)
    private readonly preauthorizations: Repository<DevicePreauthorizationEntity>,
  ) {}

  /** By device ID, paged like every list, within the namespaces where the caller is a viewer. */
  async list(scope: NamespaceScope, query: PageQuery): Promise<Page<PreauthorizationDto>> {
    const after = decodeCursor(query.cursor);
    const qb = this.preauthorizations
      .createQueryBuilder('p')
      .orderBy('p.device_id', 'ASC')
      .limit(query.limit + 1);
    if (scope !== ALL_NAMESPACES) {
      qb.andWhere('p.namespace = ANY(:scope)', { scope: [...scope] });
    }
    if (after) {
      qb.andWhere('p.device_id > :id', { id: after.id });
    }
    const rows = await qb.getMany();
    return toPage(await this.withState(rows), query.limit, (p) => ({ sort: p.deviceId, id: p.deviceId }));
  }

  async get(deviceId: string, caller: Principal): Promise<PreauthorizationDto> {
    const [dto] = await this.withState([await this.require(deviceId, caller)]);
    return dto;
  }

  /** Creates or replaces it; a replaced one is unused again (a use is recorded against each PUT). */
  async put(
    deviceId: string,
    body: PutPreauthorizationDto,
    caller: Principal,
  ): Promise<{ created: boolean; preauthorization: PreauthorizationDto }> {
    caller.require('operator', body.namespace);
    const { created } = await this.write([{ row: { ...body, deviceId } }], caller, (problems) => {
      const problem = problems[0];
      if (problem) {
        throw new DomainError(problem.code, problem.message);
      }
    });
    const [preauthorization] = await this.withState([
      await this.preauthorizations.findOneByOrFail({ deviceId }),
    ]);
    return { created: created === 1, preauthorization };
  }

  /** All or nothing: every row is checked before anything is written, and each bad one is named. */
  async import(
    rows: ImportRow[],
    parseProblems: ImportProblem[],
    caller: Principal,
  ): Promise<ImportResultDto> {
    const total = rows.length + parseProblems.length;
    if (total > MAX_IMPORT_ROWS) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `an import holds at most ${MAX_IMPORT_ROWS} rows, not ${total}`,
      );
    }
    if (total === 0) {
      throw new DomainError('VALIDATION_FAILED', 'the import holds no rows');
    }
    const forbidden = rows
      .filter(({ row }) => !caller.can('operator', row.namespace))
      .map((r) => ({
        ...positionOf(r),
        deviceId: r.row.deviceId,
        code: 'FORBIDDEN' as const,
        message: `${caller.actor} needs the operator role in namespace ${r.row.namespace}`,
      }));
    refuseIf([...parseProblems, ...duplicates(rows), ...forbidden], total);
    const { created, deviceIds } = await this.write(rows, caller, (problems) => refuseIf(problems, total));
    return { created, replaced: deviceIds.length - created };
  }

  async delete(deviceId: string, caller: Principal): Promise<string> {
    const existing = await this.require(deviceId, caller);
    caller.require('operator', existing.namespace);
    // Waits for an enrolment that holds it (the worker's share lock): deleted either before or after its use.
    const result = await this.preauthorizations.delete({ deviceId });
    if (!result.affected) {
      throw new DomainError('PREAUTHORIZATION_NOT_FOUND', `No pre-authorisation for device ${deviceId}`);
    }
    return existing.namespace;
  }

  /**
   * One transaction: refuses devices the registry already knows (not decommissioned) and replacing one the caller
   * may not touch, then upserts every row with a new id.
   */
  private async write(
    rows: { row: PreauthorizationRowDto; line?: number; index?: number }[],
    caller: Principal,
    refuse: (problems: ImportProblem[]) => void,
  ): Promise<{ created: number; deviceIds: string[] }> {
    return this.preauthorizations.manager.transaction(async (m) => {
      // One writer of pre-authorisations at a time: concurrent PUTs of a new device neither collide nor race
      // the check of whose namespace a replaced one was in.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['device-preauthorizations']);
      const ids = rows.map(({ row }) => row.deviceId);
      const [known, existing] = await Promise.all([knownDevices(m, ids), existingRows(m, ids)]);
      const problems = rows.flatMap((r): ImportProblem[] => {
        const device = known.get(r.row.deviceId);
        const previous = existing.get(r.row.deviceId);
        const at = { ...positionOf(r), deviceId: r.row.deviceId };
        if (device) {
          return [
            {
              ...at,
              code: 'DEVICE_ALREADY_ENROLLED',
              message: `device ${r.row.deviceId} is already ${device.state}; approve or decommission it instead`,
            },
          ];
        }
        if (previous && !caller.can('operator', previous.namespace)) {
          return [
            {
              ...at,
              code: 'FORBIDDEN',
              message: `${caller.actor} needs the operator role in namespace ${previous.namespace}, where device ${r.row.deviceId} is pre-authorised`,
            },
          ];
        }
        return [];
      });
      refuse(problems);
      const values = rows.map(({ row }) => ({
        device_id: row.deviceId,
        id: randomUUID(),
        namespace: row.namespace,
        labels: row.labels ?? {},
        expires_at: row.expiresAt ?? null,
        created_by: caller.actor,
      }));
      // One statement whatever the import's size: the rows travel as one jsonb parameter.
      const saved = await m.query<{ deviceId: string }[]>(UPSERT, [JSON.stringify(values)]);
      return {
        created: rows.filter(({ row }) => !existing.has(row.deviceId)).length,
        deviceIds: saved.map((r) => r.deviceId),
      };
    });
  }

  private async withState(rows: DevicePreauthorizationEntity[]): Promise<PreauthorizationDto[]> {
    const uses =
      rows.length === 0
        ? []
        : await this.preauthorizations.manager.find(PreauthorizationUseEntity, {
            where: { preauthorizationId: In(rows.map((r) => r.id)) },
          });
    const usedAt = new Map(uses.map((u) => [u.preauthorizationId, u.usedAt]));
    const now = new Date();
    return rows.map((r) => toPreauthorizationDto(r, usedAt.get(r.id), now));
  }

  /** One outside the caller's namespaces is reported missing, as if it were not there. */
  private async require(deviceId: string, caller: Principal): Promise<DevicePreauthorizationEntity> {
    const row = await this.preauthorizations.findOneBy({ deviceId });
    if (!row || !caller.can('viewer', row.namespace)) {
      throw new DomainError('PREAUTHORIZATION_NOT_FOUND', `No pre-authorisation for device ${deviceId}`);
    }
    return row;
  }
}

// A replaced row gets a new id and creator: its earlier use, if any, no longer counts.
const UPSERT = `
  INSERT INTO device_preauthorization (device_id, id, namespace, labels, expires_at, created_by)
  SELECT device_id, id, namespace, labels, expires_at, created_by
  FROM jsonb_to_recordset($1::jsonb)
    AS r(device_id varchar, id uuid, namespace varchar, labels jsonb, expires_at timestamptz, created_by varchar)
  ON CONFLICT (device_id) DO UPDATE SET
    id = EXCLUDED.id, namespace = EXCLUDED.namespace, labels = EXCLUDED.labels,
    expires_at = EXCLUDED.expires_at, created_by = EXCLUDED.created_by, updated_at = now()
  RETURNING device_id AS "deviceId"`;

/** Devices the read model knows, less decommissioned ones (which enrol again as new). */
async function knownDevices(m: EntityManager, ids: string[]): Promise<Map<string, DeviceViewEntity>> {
  const rows = await m.find(DeviceViewEntity, {
    select: { deviceId: true, state: true },
    where: { deviceId: In(ids), state: Not('decommissioned') },
  });
  return new Map(rows.map((r) => [r.deviceId, r]));
}

async function existingRows(
  m: EntityManager,
  ids: string[],
): Promise<Map<string, DevicePreauthorizationEntity>> {
  const rows = await m.findBy(DevicePreauthorizationEntity, { deviceId: In(ids) });
  return new Map(rows.map((r) => [r.deviceId, r]));
}
