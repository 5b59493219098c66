import type { DeviceSnapshot } from '@lib/contracts';
import { DeviceViewEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';

/** The registry's read model, projected from `device.lifecycle.v1`. */
@Injectable()
export class DeviceViewService {
  constructor(@InjectRepository(DeviceViewEntity) private readonly views: Repository<DeviceViewEntity>) {}

  /** Upserts the snapshot unless the stored one is newer: redelivered or reordered events change nothing. */
  async apply(snapshot: DeviceSnapshot, manager: EntityManager = this.views.manager): Promise<boolean> {
    const result = await manager.query<unknown[]>(
      `INSERT INTO device_view (device_id, namespace, requested_namespace, state, revision, labels, hardware,
         enrolled_at, decided_at, decided_by, decision_reason, registered_at, decommissioned_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())
       ON CONFLICT (device_id) DO UPDATE SET
         namespace = EXCLUDED.namespace, requested_namespace = EXCLUDED.requested_namespace,
         state = EXCLUDED.state, revision = EXCLUDED.revision, labels = EXCLUDED.labels,
         hardware = EXCLUDED.hardware, enrolled_at = EXCLUDED.enrolled_at, decided_at = EXCLUDED.decided_at,
         decided_by = EXCLUDED.decided_by, decision_reason = EXCLUDED.decision_reason,
         registered_at = EXCLUDED.registered_at, decommissioned_at = EXCLUDED.decommissioned_at,
         updated_at = now()
       WHERE device_view.revision < EXCLUDED.revision
       RETURNING device_id`,
      [
        snapshot.deviceId,
        snapshot.namespace,
        snapshot.requestedNamespace,
        snapshot.state,
        snapshot.revision,
        JSON.stringify(snapshot.labels),
        snapshot.hardware ? JSON.stringify(snapshot.hardware) : null,
        snapshot.enrolledAt,
        snapshot.decidedAt ?? null,
        snapshot.decidedBy ?? null,
        snapshot.decisionReason ?? null,
        snapshot.registeredAt ?? null,
        snapshot.decommissionedAt ?? null,
      ],
    );
    return result.length > 0;
  }

  /**
   * The same for many snapshots in one statement: per device the highest revision of the batch, kept only when
   * newer than the stored one.
   */
  async applyMany(snapshots: DeviceSnapshot[], manager: EntityManager = this.views.manager): Promise<void> {
    const newest = new Map<string, DeviceSnapshot>();
    for (const s of snapshots) {
      const known = newest.get(s.deviceId);
      if (!known || known.revision < s.revision) {
        newest.set(s.deviceId, s);
      }
    }
    await manager.query(
      `INSERT INTO device_view (device_id, namespace, requested_namespace, state, revision, labels, hardware,
         enrolled_at, decided_at, decided_by, decision_reason, registered_at, decommissioned_at, updated_at)
       SELECT s."deviceId", s.namespace, s."requestedNamespace", s.state, s.revision, COALESCE(s.labels, '{}'),
         s.hardware, s."enrolledAt", s."decidedAt", s."decidedBy", s."decisionReason", s."registeredAt",
         s."decommissionedAt", now()
       FROM jsonb_to_recordset($1::jsonb) AS s("deviceId" varchar, namespace varchar, "requestedNamespace" varchar,
         state varchar, revision int, labels jsonb, hardware jsonb, "enrolledAt" timestamptz,
         "decidedAt" timestamptz, "decidedBy" varchar, "decisionReason" text, "registeredAt" timestamptz,
         "decommissionedAt" timestamptz)
       ON CONFLICT (device_id) DO UPDATE SET
         namespace = EXCLUDED.namespace, requested_namespace = EXCLUDED.requested_namespace,
         state = EXCLUDED.state, revision = EXCLUDED.revision, labels = EXCLUDED.labels,
         hardware = EXCLUDED.hardware, enrolled_at = EXCLUDED.enrolled_at, decided_at = EXCLUDED.decided_at,
         decided_by = EXCLUDED.decided_by, decision_reason = EXCLUDED.decision_reason,
         registered_at = EXCLUDED.registered_at, decommissioned_at = EXCLUDED.decommissioned_at,
         updated_at = now()
       WHERE device_view.revision < EXCLUDED.revision`,
      [JSON.stringify([...newest.values()])],
    );
  }

  find(deviceId: string, manager: EntityManager = this.views.manager): Promise<DeviceViewEntity | null> {
    return manager.findOneBy(DeviceViewEntity, { deviceId });
  }
}
