import { DeviceLifecycleEvent, parseEvent, TOPICS } from '@lib/contracts';
import { KafkaOutcomeInterceptor } from '@lib/kafka';
import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { ConfigurationStore, lockNamespace, SERVED_STATES } from '../rendering/configuration-store.service';
import { DeviceViewService } from './device-view.service';

@Controller()
@UseInterceptors(KafkaOutcomeInterceptor)
export class DeviceLifecycleHandler {
  constructor(
    private readonly views: DeviceViewService,
    private readonly configurations: ConfigurationStore,
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  @EventPattern(TOPICS.deviceLifecycle, Transport.KAFKA)
  async handle(@Payload() payload: unknown): Promise<void> {
    const event = await parseEvent(DeviceLifecycleEvent, payload);
    // Presence changes carry no registry snapshot: the read model of the registry ignores them.
    const snapshot = event.device;
    if (!snapshot) {
      return;
    }
    const { deviceId, namespace } = snapshot;
    // One transaction: a device is never approved in the read model without its configuration. Rendered even
    // when the snapshot was stale (a redelivery after a failed render must still render); rendering is idempotent.
    await this.dataSource.transaction(async (manager) => {
      // Both the snapshot's namespace and the stored one (they differ when the event is stale), in one order,
      // so the render below never runs without the lock of the namespace it renders.
      const stored = await this.views.find(deviceId, manager);
      for (const ns of [...new Set([namespace, stored?.namespace ?? namespace])].sort()) {
        await lockNamespace(manager, ns);
      }
      await this.views.apply(snapshot, manager);
      const current = await this.views.find(deviceId, manager);
      if (current && SERVED_STATES.includes(current.state)) {
        await this.configurations.render(manager, current.namespace, [deviceId]);
      } else {
        await this.configurations.retire(manager, deviceId);
      }
      if (event.type === 'approved' || event.type === 'rejected') {
        await this.audit.recordDecision(manager, event);
      }
    });
    this.audit.published();
  }
}
