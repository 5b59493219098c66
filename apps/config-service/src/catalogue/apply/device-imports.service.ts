import { type DeviceImportRequestedEvent, TOPICS } from '@lib/contracts';
import { AuditEntryEntity, DeviceSpecEntity, DeviceViewEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { AuditLog } from '../../access';
import { RegistryCommands } from '../../registry-view';
import {
  type ConfigSpec,
  configSpecReferences,
  ConfigurationStore,
  lockNamespace,
  SERVED_STATES,
} from '../../serving';
import { canonical } from '../catalogue-write';
import { checkLogCollection } from '../device-sets/device-sets.service';
import { writeResource } from '../namespaced-writer';
import { References } from '../references';
import type { ApplyProblem, ApplyResultDto } from './apply.dto';
import type { DeviceImport } from './device-manifests';

/** A device import's answer. */
export type ImportResult = ApplyResultDto;

/**
 * Takes devices of the CRD backend into the registry without their enrolling again. The registry has one writer:
 * each device goes to it as a command, written to the command outbox in the apply's transaction. There, each
 * device is judged against the read model (a device known in another state is reported, never overwritten), its
 * own spec is written as the catalogue's, and every import is audited.
 */
@Injectable()
export class DeviceImports {
  constructor(
    private readonly references: References,
    private readonly store: ConfigurationStore,
    private readonly commands: RegistryCommands,
    private readonly audit: AuditLog,
  ) {}

  async writeIn(
    m: EntityManager,
    imports: DeviceImport[],
    actor: string,
    correlationId: string,
    problems: ApplyProblem[],
  ): Promise<Map<number, ImportResult>> {
    const results = new Map<number, ImportResult>();
    if (imports.length === 0) {
      return results;
    }
    // An EdgeDevice and the request it was approved from describe one device: the EdgeDevice says where it is.
    const registered = new Map(imports.filter((i) => i.kind === 'EdgeDevice').map((i) => [i.deviceId, i]));
    const views = await m.find(DeviceViewEntity, { where: { deviceId: In(imports.map((i) => i.deviceId)) } });
    const known = new Map(views.map((v) => [v.deviceId, v]));
    for (const i of imports) {
      const answer = { kind: i.kind, namespace: i.namespace, name: i.name, state: i.state };
      const device = registered.get(i.deviceId);
      if (device && device !== i) {
        results.set(i.index, {
          ...answer,
          state: device.state,
          outcome: 'unchanged',
          message: `device ${i.deviceId} is imported by its EdgeDevice in namespace ${device.namespace}`,
        });
        continue;
      }
      const view = known.get(i.deviceId);
      if (view && (view.state !== i.state || view.namespace !== i.deviceNamespace)) {
        results.set(i.index, {
          ...answer,
          outcome: 'conflict',
          message: `device ${i.deviceId} is already ${view.state} in namespace ${view.namespace}; not imported`,
        });
        continue;
      }
      let specOutcome = 'unchanged';
      try {
        specOutcome = i.spec ? await this.writeSpec(m, i, view) : 'unchanged';
      } catch (error) {
        // Refused before writing (a missing reference): the whole apply is then rolled back with every problem.
        if (!(error instanceof DomainError)) {
          throw error;
        }
        const { index, line, kind, namespace, name } = i;
        problems.push({ index, line, kind, namespace, name, code: error.code, message: error.message });
        continue;
      }
      if (view) {
        results.set(i.index, { ...answer, outcome: specOutcome === 'unchanged' ? 'unchanged' : 'updated' });
        continue;
      }
      await this.record(m, i, actor, correlationId);
      await this.queue(m, i, actor, correlationId);
      results.set(i.index, { ...answer, outcome: 'imported' });
    }
    return results;
  }

  /** After the apply committed: its entries and commands go out sooner than the relays' next poll. */
  committed(): void {
    this.commands.committed();
    this.audit.published();
  }

  /** The import's command for the registry, in the apply's transaction: a 2xx means it is on its way. */
  private async queue(
    m: EntityManager,
    i: DeviceImport,
    actor: string,
    correlationId: string,
  ): Promise<void> {
    const command: Omit<DeviceImportRequestedEvent, 'eventId' | 'occurredAt' | 'schemaVersion'> = {
      deviceId: i.deviceId,
      namespace: i.deviceNamespace,
      requestedNamespace: i.requestedNamespace,
      state: i.state,
      labels: i.labels,
      hardware: i.hardware,
      enrolledAt: i.enrolledAt,
      importedBy: `import:${actor}`.slice(0, 253),
    };
    await this.commands.send(m, TOPICS.deviceImportRequested, { ...command }, correlationId);
  }

  /** The EdgeDevice's spec sections, as PUT .../devices/{id}/spec would store them (checked the same way). */
  private async writeSpec(
    m: EntityManager,
    i: DeviceImport,
    view: DeviceViewEntity | undefined,
  ): Promise<string> {
    const plain = JSON.parse(JSON.stringify(i.spec)) as ConfigSpec;
    checkLogCollection(plain);
    await lockNamespace(m, i.deviceNamespace);
    await this.references.require(m, i.deviceNamespace, configSpecReferences(plain));
    const { outcome } = await writeResource(m, {
      entity: DeviceSpecEntity,
      where: { deviceId: i.deviceId },
      what: `spec of device ${i.deviceId}`,
      ifMatch: undefined,
      values: { namespace: i.deviceNamespace, spec: plain as Record<string, unknown> },
      same: (existing) => canonical(existing.spec) === canonical(plain),
    });
    // A device not in the read model yet is rendered, spec included, when the registry announces it.
    if (outcome !== 'unchanged' && view && SERVED_STATES.includes(view.state)) {
      await this.store.render(m, i.deviceNamespace, [i.deviceId]);
    }
    return outcome;
  }

  private async record(
    m: EntityManager,
    i: DeviceImport,
    actor: string,
    correlationId: string,
  ): Promise<void> {
    await m.insert(AuditEntryEntity, {
      actor: actor.slice(0, 300),
      action: `device.import.${i.state}`,
      method: null,
      path: null,
      namespace: i.deviceNamespace,
      resource: `devices/${i.deviceId}`,
      outcome: 'succeeded',
      statusCode: null,
      digest: null,
      correlationId: correlationId.slice(0, 128),
    });
  }
}
