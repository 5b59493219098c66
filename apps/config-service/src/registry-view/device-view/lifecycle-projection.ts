import type { DeviceLifecycleEvent, DeviceSnapshot } from '@lib/contracts';
import { DeviceViewEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditLog } from '../../access';
import { ConfigurationStore, lockNamespace, SERVED_STATES } from '../../serving';
import { DeviceViewService } from './device-view.service';

/**
 * Projects registry snapshots into the read model and keeps each device's configuration in step, for a batch of
 * lifecycle events in one transaction: a device is never approved in the read model without its configuration.
 */
@Injectable()
export class LifecycleProjection {
  constructor(
    private readonly views: DeviceViewService,
    private readonly configurations: ConfigurationStore,
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async apply(events: DeviceLifecycleEvent[]): Promise<void> {
    // Presence and sync changes carry no registry snapshot: the read model of the registry ignores them.
    const snapshots = events.map((e) => e.device).filter((d): d is DeviceSnapshot => d !== undefined);
    if (snapshots.length === 0) {
      return;
    }
    const ids = [...new Set(snapshots.map((s) => s.deviceId))];
    await this.dataSource.transaction(async (manager) => {
      // Every namespace involved, the snapshots' and the stored ones (they differ when an event is stale), in one
      // order, so no render runs without the lock of the namespace it renders and two batches cannot deadlock.
      const stored = await manager.find(DeviceViewEntity, {
        where: { deviceId: In(ids) },
        select: ['namespace'],
      });
      const namespaces = new Set([...snapshots.map((s) => s.namespace), ...stored.map((v) => v.namespace)]);
      for (const ns of [...namespaces].sort()) {
        await lockNamespace(manager, ns);
      }
      await this.views.applyMany(snapshots, manager);
      // Rendered even when a snapshot was stale (a redelivery after a failed render must still render);
      // rendering is idempotent.
      const current = await manager.find(DeviceViewEntity, {
        where: { deviceId: In(ids) },
        select: ['deviceId', 'namespace', 'state'],
      });
      const served = new Map<string, string[]>();
      const retired: string[] = [];
      for (const view of current) {
        if (SERVED_STATES.includes(view.state)) {
          served.set(view.namespace, [...(served.get(view.namespace) ?? []), view.deviceId]);
        } else {
          retired.push(view.deviceId);
        }
      }
      for (const [namespace, deviceIds] of served) {
        await this.configurations.render(manager, namespace, deviceIds);
      }
      await this.configurations.retire(manager, retired);
      // Operators' and rules' decisions go to the audit trail with the projection (idempotent by event ID).
      for (const event of events) {
        if (event.device && (event.type === 'approved' || event.type === 'rejected')) {
          await this.audit.recordDecision(manager, event);
        }
      }
    });
    this.audit.published();
  }
}
