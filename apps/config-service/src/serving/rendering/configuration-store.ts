import { DeviceConfigurationEntity, DeviceViewEntity, type RolloutChange } from '@lib/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { SecretBox } from '../../secret-box';
import { CatalogueLoader } from './catalogue-loader';
import type { ConfigSpec } from './catalogue.types';
import { CohortRenderer } from './cohort-renderer';
import { announceConfigurationChanges } from './configuration-changes';
import type { Target } from './device-selector';
import { whereLabels } from './label-selector.sql';

/** Decides what a render of a namespace with a rollout policy serves (the rollouts feature). */
export interface RenderGate {
  render(
    manager: EntityManager,
    namespace: string,
    deviceIds: string[],
    change?: RolloutChange,
  ): Promise<number>;
}

export const SERVED_STATES = ['approved', 'registered'];
const BATCH = 500;

/** Serialises catalogue writes and renders per namespace, so a render always sees every committed write. */
export async function lockNamespace(manager: EntityManager, namespace: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`config-namespace:${namespace}`]);
}

/** A device's served configuration as the store keeps it. */
export interface ServedConfiguration {
  deviceId: string;
  version: string;
  content: Record<string, unknown>;
  hash: string;
  workloads: string[];
}

/** Keeps one rendered configuration per served device; GET configuration is a lookup of it. */
@Injectable()
export class ConfigurationStore {
  private readonly logger = new Logger(ConfigurationStore.name);
  private gate?: RenderGate;

  constructor(
    @InjectRepository(DeviceConfigurationEntity)
    private readonly configurations: Repository<DeviceConfigurationEntity>,
    private readonly loader: CatalogueLoader,
    private readonly box: SecretBox,
  ) {}

  /** IDs of the namespace's served devices that the targets pick ('all': every one). */
  async devicesTargeted(
    manager: EntityManager,
    namespace: string,
    targets: Target[] | 'all',
  ): Promise<string[]> {
    const base = () =>
      manager
        .createQueryBuilder(DeviceViewEntity, 'd')
        .select('d.device_id', 'id')
        .where('d.namespace = :namespace', { namespace })
        .andWhere('d.state IN (:...states)', { states: SERVED_STATES });
    if (targets === 'all') {
      return (await base().getRawMany<{ id: string }>()).map((r) => r.id);
    }
    const ids = new Set<string>();
    // A workload rewritten with the same selector names it twice; each selection reads the namespace's devices.
    const distinct = [...new Map(targets.map((t) => [JSON.stringify(t), t])).values()];
    for (const target of distinct) {
      const qb = base();
      if ('deviceId' in target) {
        qb.andWhere('d.device_id = :id', { id: target.deviceId });
      } else {
        whereLabels(qb, 'd', target.requirements);
      }
      (await qb.getRawMany<{ id: string }>()).forEach((r) => ids.add(r.id));
    }
    return [...ids];
  }

  /**
   * Re-renders the given devices; returns how many configurations changed (got a new version). With a rollout gate
   * (a namespace's rollout policy), a catalogue write (`change`) may instead start a rollout that holds devices back.
   */
  render(
    manager: EntityManager,
    namespace: string,
    deviceIds: string[],
    change?: RolloutChange,
  ): Promise<number> {
    return this.gate && deviceIds.length > 0
      ? this.gate.render(manager, namespace, deviceIds, change)
      : this.renderNow(manager, namespace, deviceIds);
  }

  /** The rollouts feature decides what a render of a namespace with a policy serves (one gate per process). */
  useGate(gate: RenderGate): void {
    this.gate = gate;
  }

  /** Re-renders the given devices in batches, no gate; returns how many configurations changed. */
  async renderNow(manager: EntityManager, namespace: string, deviceIds: string[]): Promise<number> {
    return (await this.renderAll(manager, namespace, deviceIds, true)).changed.length;
  }

  /**
   * What a render would do, writing nothing: the served devices whose content would change (`changed`) and those
   * served nothing yet (`fresh`, there is nothing to hold them at).
   */
  async diff(
    manager: EntityManager,
    namespace: string,
    deviceIds: string[],
  ): Promise<{ changed: string[]; fresh: string[] }> {
    const { changed, fresh } = await this.renderAll(manager, namespace, deviceIds, false);
    const nothingYet = new Set(fresh);
    return { changed: changed.filter((id) => !nothingYet.has(id)), fresh };
  }

  private async renderAll(
    manager: EntityManager,
    namespace: string,
    deviceIds: string[],
    write: boolean,
  ): Promise<{ changed: string[]; fresh: string[] }> {
    const result = { changed: [] as string[], fresh: [] as string[] };
    if (deviceIds.length === 0) {
      return result;
    }
    const renderer = new CohortRenderer(await this.loader.load(manager, namespace), this.box);
    const sorted = [...new Set(deviceIds)].sort();
    for (let i = 0; i < sorted.length; i += BATCH) {
      const batch = await this.renderBatch(manager, namespace, renderer, sorted.slice(i, i + BATCH), write);
      result.changed.push(...batch.changed);
      result.fresh.push(...batch.fresh);
    }
    this.logger.debug({
      namespace,
      devices: sorted.length,
      cohorts: renderer.cohortCount,
      changed: result.changed.length,
      msg: write ? 'rendered configurations' : 'compared configurations',
    });
    return result;
  }

  private async renderBatch(
    manager: EntityManager,
    namespace: string,
    renderer: CohortRenderer,
    ids: string[],
    write: boolean,
  ): Promise<{ changed: string[]; fresh: string[] }> {
    // Only what rendering needs (not the hardware inventory), and the stored digest to skip unchanged devices.
    // Only the primary key in the WHERE: with namespace and state there too, a planner without fresh statistics
    // (after a bulk load, before autovacuum's analyze) walks the (namespace, state) index through every device
    // of the namespace for each batch: 1.8 s per batch of 500 at 100,000 devices. They are checked here instead.
    const devices = await manager.query<
      {
        device_id: string;
        namespace: string;
        state: string;
        labels: Record<string, string>;
        spec: ConfigSpec | null;
        hash: string | null;
      }[]
    >(
      `SELECT v.device_id, v.namespace, v.state, v.labels, s.spec, c.content_hash AS hash
       FROM device_view v
       LEFT JOIN device_spec s ON s.device_id = v.device_id
       LEFT JOIN device_configuration c ON c.device_id = v.device_id
       WHERE v.device_id = ANY($1)`,
      [ids],
    );
    const rows: string[] = [];
    const changed: string[] = [];
    const fresh: string[] = [];
    for (const d of devices) {
      if (d.namespace !== namespace || !SERVED_STATES.includes(d.state)) {
        continue;
      }
      const row = renderer.render({ deviceId: d.device_id, labels: d.labels, spec: d.spec ?? undefined });
      if (row.hash !== d.hash) {
        changed.push(d.device_id);
        if (d.hash === null) {
          fresh.push(d.device_id);
        }
        rows.push(
          `{"device_id":${JSON.stringify(row.deviceId)},"hash":"${row.hash}","content":${row.sealedJson}}`,
        );
      }
    }
    if (rows.length === 0 || !write) {
      return { changed, fresh };
    }
    // Set-based: one statement per batch; the version moves only where the content hash differs.
    const result = await manager.query<{ device_id: string }[]>(
      `INSERT INTO device_configuration (device_id, namespace, version, content, content_hash, rendered_at)
       SELECT r.device_id, $1, 1, r.content, r.hash, now()
       FROM jsonb_to_recordset($2::jsonb) AS r(device_id varchar, content jsonb, hash varchar)
       ON CONFLICT (device_id) DO UPDATE SET
         namespace = EXCLUDED.namespace, content = EXCLUDED.content, content_hash = EXCLUDED.content_hash,
         version = device_configuration.version + 1, rendered_at = now(), announced = false
       WHERE device_configuration.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING device_id`,
      [namespace, `[${rows.join(',')}]`],
    );
    await announceConfigurationChanges(
      manager,
      result.map((r) => r.device_id),
    );
    return { changed: result.map((r) => r.device_id), fresh };
  }

  /** Stops serving the devices' configurations; the rows (and versions) stay, so versions never go back. */
  async retire(manager: EntityManager, deviceIds: string[]): Promise<void> {
    if (deviceIds.length === 0) {
      return;
    }
    // An UPDATE answers [rows, affected count] through TypeORM's query().
    const [retired] = await manager.query<[{ device_id: string }[], number]>(
      `UPDATE device_configuration SET content = NULL, content_hash = NULL, rendered_at = now(), announced = false
       WHERE device_id = ANY($1) AND content IS NOT NULL RETURNING device_id`,
      [deviceIds],
    );
    await announceConfigurationChanges(
      manager,
      retired.map((r) => r.device_id),
    );
  }

  /** What each device is served now (sealed), its version and its workloads' names. */
  async served(manager: EntityManager, deviceIds: string[]): Promise<ServedConfiguration[]> {
    return manager.query<ServedConfiguration[]>(
      `SELECT device_id AS "deviceId", version::text AS version, content, content_hash AS hash,
         COALESCE((SELECT jsonb_agg(w->>'name') FROM jsonb_array_elements(content->'workloads') w), '[]') AS workloads
       FROM device_configuration WHERE device_id = ANY($1) AND content IS NOT NULL`,
      [deviceIds],
    );
  }

  /** Serves the devices earlier content again, as a new version (versions never go back). */
  async restore(
    manager: EntityManager,
    entries: { deviceId: string; content: Record<string, unknown>; hash: string }[],
  ): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    const result = await manager.query<[{ device_id: string }[], number]>(
      `UPDATE device_configuration c SET content = r.content, content_hash = r.hash, version = c.version + 1,
         rendered_at = now(), announced = false
       FROM jsonb_to_recordset($1::jsonb) AS r(device_id varchar, content jsonb, hash varchar)
       WHERE c.device_id = r.device_id AND c.content IS NOT NULL AND c.content_hash IS DISTINCT FROM r.hash
       RETURNING c.device_id`,
      [JSON.stringify(entries.map((e) => ({ device_id: e.deviceId, content: e.content, hash: e.hash })))],
    );
    await announceConfigurationChanges(
      manager,
      result[0].map((r) => r.device_id),
    );
  }

  /** The served version of each device that has one; the documents themselves are not read. */
  async versions(deviceIds: string[]): Promise<Map<string, string>> {
    const rows = await this.configurations.query<{ device_id: string; version: string }[]>(
      `SELECT device_id, version::text AS version FROM device_configuration
       WHERE device_id = ANY($1) AND content IS NOT NULL`,
      [deviceIds],
    );
    return new Map(rows.map((r) => [r.device_id, r.version]));
  }
}
