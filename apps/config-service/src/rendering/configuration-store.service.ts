import { DeviceConfigurationEntity, DeviceSpecEntity, DeviceViewEntity } from '@lib/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { announceConfigurationChanges } from '../configuration-answers/configuration-changes';
import { whereLabels } from '../devices/label-selector.sql';
import { SecretBox } from '../secrets/secret-box';
import { CatalogueLoader } from './catalogue-loader.service';
import type { ConfigSpec, NamespaceCatalogue } from './catalogue.types';
import type { Target } from './device-selector';
import type { Json } from './flotta-format';
import { renderConfiguration } from './render-configuration';
import { sealConfiguration } from './seal-configuration';

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
    for (const target of targets) {
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
    const catalogue = await this.loader.load(manager, namespace);
    const sorted = [...new Set(deviceIds)].sort();
    let changed = 0;
    for (let i = 0; i < sorted.length; i += BATCH) {
      changed += await this.renderBatch(manager, catalogue, sorted.slice(i, i + BATCH));
    }
    this.logger.debug({ namespace, devices: sorted.length, changed, msg: 'rendered configurations' });
    return changed;
  }

  private async renderBatch(
    manager: EntityManager,
    catalogue: NamespaceCatalogue,
    ids: string[],
  ): Promise<number> {
    const [views, specs] = await Promise.all([
      manager.findBy(DeviceViewEntity, {
        deviceId: In(ids),
        namespace: catalogue.namespace,
        state: In(SERVED_STATES),
      }),
      manager.findBy(DeviceSpecEntity, { deviceId: In(ids) }),
    ]);
    const specOf = new Map(specs.map((s) => [s.deviceId, s.spec as ConfigSpec]));
    const rows = views.map((view) => {
      const content = renderConfiguration(
        { deviceId: view.deviceId, labels: view.labels, spec: specOf.get(view.deviceId) },
        catalogue,
      ) as unknown as Json;
      const hash = this.box.digest(JSON.stringify([catalogue.namespace, content]));
      return { device_id: view.deviceId, content: sealConfiguration(content, this.box, view.deviceId), hash };
    });
    // Set-based: one statement per batch; the version moves only where the content hash differs.
    const result = await manager.query<{ device_id: string }[]>(
      `INSERT INTO device_configuration (device_id, namespace, version, content, content_hash, rendered_at)
       SELECT r.device_id, $1, 1, r.content, r.hash, now()
       FROM jsonb_to_recordset($2::jsonb) AS r(device_id varchar, content jsonb, hash varchar)
       ON CONFLICT (device_id) DO UPDATE SET
         namespace = EXCLUDED.namespace, content = EXCLUDED.content, content_hash = EXCLUDED.content_hash,
         version = device_configuration.version + 1, rendered_at = now()
       WHERE device_configuration.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING device_id`,
      [catalogue.namespace, JSON.stringify(rows)],
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
      `UPDATE device_configuration SET content = NULL, content_hash = NULL, rendered_at = now()
       WHERE device_id = ANY($1) AND content IS NOT NULL RETURNING device_id`,
      [deviceIds],
    );
    await announceConfigurationChanges(
      manager,
      retired.map((r) => r.device_id),
    );
  }

  async versions(deviceIds: string[]): Promise<Map<string, string>> {
    const rows = await this.configurations.findBy({ deviceId: In(deviceIds) });
    return new Map(rows.filter((r) => r.content).map((r) => [r.deviceId, String(r.version)]));
  }
}
