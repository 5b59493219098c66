import { type DeviceLifecycleEvent } from '@lib/contracts';
import { type AuditOutcome, AuditEntryEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { type EntityManager, Repository } from 'typeorm';
import { SecretBox } from '../../secret-box';
import { AccessDenials } from '../auth/access-denials';
import type { Principal } from '../auth/principal';
import { AuditRelay } from './audit.relay';
import { describeRequest, fit, recordableNamespace } from './describe-request';

/** What the audit trail knows of a request, besides the request itself. */
export interface RequestOutcome {
  principal: Principal;
  outcome: AuditOutcome;
  statusCode: number;
  /** Set by handlers whose namespace is not in the path (enrolment decisions, rules, apply). */
  namespace?: string | null;
}

/** Appends to the audit trail; the relay takes it to the audit topic. */
@Injectable()
export class AuditLog implements AccessDenials {
  constructor(
    @InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>,
    private readonly box: SecretBox,
    private readonly relay: AuditRelay,
  ) {}

  /** Awaited before the answer goes out: a 2xx write always has its entry. */
  async recordRequest(request: FastifyRequest, outcome: RequestOutcome): Promise<void> {
    await this.entries.insert(this.entryOf(request, outcome));
    this.relay.nudge();
  }

  /** The same entry, in the caller's transaction (the relay is nudged once the request is answered). */
  async recordRequestIn(
    manager: EntityManager,
    request: FastifyRequest,
    outcome: RequestOutcome,
  ): Promise<void> {
    await manager.insert(AuditEntryEntity, this.entryOf(request, outcome));
  }

  private entryOf(request: FastifyRequest, outcome: RequestOutcome): Partial<AuditEntryEntity> {
    const described = describeRequest(request);
    return {
      actor: fit(outcome.principal.actor, 300),
      action: described.action,
      method: request.method,
      path: described.path,
      namespace:
        outcome.namespace !== undefined ? recordableNamespace(outcome.namespace) : described.namespace,
      resource: described.resource,
      outcome: outcome.outcome,
      statusCode: outcome.statusCode,
      // The body may hold secret values: only a keyed digest of it is kept.
      digest: this.box.digest(JSON.stringify([request.method, described.path, request.body ?? null])),
      correlationId: fit(String(request.id), 128),
    };
  }

  /** A write the access guard refused (403): recorded like the writes that ran. */
  recordDenied(request: FastifyRequest, principal: Principal): Promise<void> {
    return this.recordRequest(request, { principal, outcome: 'denied', statusCode: 403 });
  }

  /**
   * An enrolment decision as the registry made it, operators' and auto-approval rules' alike. In the caller's
   * transaction, keyed by the event so a redelivery adds nothing.
   */
  async recordDecision(manager: EntityManager, event: DeviceLifecycleEvent): Promise<void> {
    const device = event.device!;
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditEntryEntity)
      .values({
        actor: fit(device.decidedBy ?? 'unknown', 300),
        action: `enrolment.${event.type}`,
        method: null,
        path: null,
        namespace: device.namespace,
        resource: `devices/${device.deviceId}`,
        outcome: 'succeeded',
        statusCode: null,
        digest: this.box.digest(JSON.stringify(device)),
        correlationId: null,
        sourceEventId: event.eventId,
      })
      .orIgnore()
      .execute();
  }

  /**
   * A change the system made by itself (a rollout's batch started, paused or completed): no request behind it, so
   * the actor names the mechanism. In the caller's transaction, with the change.
   */
  async recordSystemChange(
    manager: EntityManager,
    change: { actor: string; action: string; namespace: string; resource: string; detail: unknown },
  ): Promise<void> {
    await manager.insert(AuditEntryEntity, {
      actor: fit(change.actor, 300),
      action: fit(change.action, 100),
      method: null,
      path: null,
      namespace: change.namespace,
      resource: fit(change.resource, 300),
      outcome: 'succeeded',
      statusCode: null,
      digest: this.box.digest(JSON.stringify(change.detail ?? null)),
      correlationId: null,
      sourceEventId: null,
    });
  }

  /** After the caller's transaction committed. */
  published(): void {
    this.relay.nudge();
  }
}
