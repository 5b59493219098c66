import { DeviceConfigurationEntity, DeviceViewEntity } from '@lib/database';
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

export const SERVED_STATES = ['approved', 'registered'];
const BATCH = 500;

/** Serialises catalogue writes and renders per namespace, so a render always sees every committed write. */
export async function lockNamespace(manager: EntityManager, namespace: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`config-namespace:${namespace}`]);
}

/** Keeps one rendered configuration per served device; GET configuration is a lookup of it. */
@Injectable()
export class ConfigurationStore {
  private readonly logger = new Logger(ConfigurationStore.name);

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

  /** Re-renders the given devices in batches; returns how many configurations changed (got a new version). */
  async render(manager: EntityManager, namespace: string, deviceIds: string[]): Promise<number> {
    if (deviceIds.length === 0) {
      return 0;
    }
    const renderer = new CohortRenderer(await this.loader.load(manager, namespace), this.box);
    const sorted = [...new Set(deviceIds)].sort();
    let changed = 0;
    for (let i = 0; i < sorted.length; i += BATCH) {
      changed += await this.renderBatch(manager, namespace, renderer, sorted.slice(i, i + BATCH));
    }
    this.logger.debug({
      namespace,
      devices: sorted.length,
      cohorts: renderer.cohortCount,
      changed,
      msg: 'rendered configurations',
    });
    return changed;
  }

  private async renderBatch(
    manager: EntityManager,
    namespace: string,
    renderer: CohortRenderer,
    ids: string[],
  ): Promise<number> {
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
    for (const d of devices) {
      if (d.namespace !== namespace || !SERVED_STATES.includes(d.state)) {
        continue;
      }
      const row = renderer.render({ deviceId: d.device_id, labels: d.labels, spec: d.spec ?? undefined });
      if (row.hash !== d.hash) {
        rows.push(
          `{"device_id":${JSON.stringify(row.deviceId)},"hash":"${row.hash}","content":${row.sealedJson}}`,
        );
      }
    }
    if (rows.length === 0) {
      return 0;
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
    return result.length;
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
