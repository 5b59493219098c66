import type { NamespacedResourceEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import type { DataSource, EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere } from 'typeorm';
import { auditInTransaction } from '../access';
import { lockNamespace } from '../serving';
import { checkIfMatch, type WriteOutcome, writeStatus } from './catalogue-write';
import { writeResource } from './namespaced-writer';

export type NamedResource = NamespacedResourceEntity & { id: string };

type Finder<E> = (m: EntityManager, ns: string, name: string) => Promise<E | null>;
type Hook<E> = (m: EntityManager, existing: E) => Promise<void>;

/** One create-or-replace of a resource, as its service describes it to NamespacedResources.write. */
export interface ResourceWrite<E> {
  namespace: string;
  name: string;
  ifMatch?: string;
  /** The content columns. */
  values: Partial<E>;
  /** Whether the stored resource already holds `values` (then nothing is written, no new resourceVersion). */
  same: (existing: E, m: EntityManager) => boolean | Promise<boolean>;
  /** Under the namespace lock, before the write: refuses with a DomainError (a missing reference). */
  check?: (m: EntityManager) => Promise<void>;
  /** After a write that changed something: re-renders the devices it concerns (`previous`: before it). */
  render?: (m: EntityManager, saved: E, previous: E | null) => Promise<void>;
  /** The caller's transaction (apply writes many resources in one); else a transaction of its own. */
  manager?: EntityManager;
}

/**
 * The one shape of every namespaced catalogue resource: its reads, its delete, and its write path (transaction,
 * namespace lock, check, write with If-Match and resourceVersion, render). `kind` names it in messages.
 */
export class NamespacedResources<E extends NamedResource> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<E>,
    private readonly kind: string,
    private readonly find: Finder<E> = (m, namespace, name) =>
      m.findOneBy(entity, { namespace, name } as FindOptionsWhere<E>),
  ) {}

  async require(m: EntityManager, ns: string, name: string): Promise<E> {
    const found = await this.find(m, ns, name);
    if (!found) {
      throw new DomainError('RESOURCE_NOT_FOUND', `No ${this.kind} ${name} in namespace ${ns}`);
    }
    return found;
  }

  get(ns: string, name: string): Promise<E> {
    return this.require(this.dataSource.manager, ns, name);
  }

  list(ns: string): Promise<E[]> {
    return this.dataSource.manager.find(this.entity, {
      where: { namespace: ns } as FindOptionsWhere<E>,
      order: { name: 'ASC' } as FindOptionsOrder<E>,
    });
  }

  /**
   * Creates or replaces under the namespace lock (every catalogue write and render of a namespace is serialised,
   * so two first PUTs of one name do not race into the unique index and a render sees every committed write).
   */
  write(request: ResourceWrite<E>): Promise<{ saved: E; outcome: WriteOutcome }> {
    const run = async (m: EntityManager) => {
      const { namespace, name, ifMatch } = request;
      await lockNamespace(m, namespace);
      await request.check?.(m);
      const { saved, previous, outcome } = await writeResource(m, {
        entity: this.entity,
        where: { namespace, name } as FindOptionsWhere<E>,
        what: `${this.kind} ${name}`,
        ifMatch,
        values: request.values,
        same: (existing) => request.same(existing, m),
      });
      if (outcome !== 'unchanged') {
        await request.render?.(m, saved, previous);
      }
      if (!request.manager) {
        // The audit entry commits with the write (apply records its own, once for the stream).
        await auditInTransaction(m, writeStatus(outcome));
      }
      return { saved, outcome };
    };
    return request.manager ? run(request.manager) : this.dataSource.transaction(run);
  }

  /** Under the namespace lock and If-Match: `before` may refuse (a resource still in use), `after` re-renders. */
  async delete(
    ns: string,
    name: string,
    ifMatch: string | undefined,
    hooks: { before?: Hook<E>; after?: Hook<E> } = {},
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      const existing = await this.require(m, ns, name);
      checkIfMatch(`${this.kind} ${name}`, existing, ifMatch);
      await hooks.before?.(m, existing);
      await m.delete(this.entity, { id: existing.id });
      await hooks.after?.(m, existing);
      await auditInTransaction(m, 204);
    });
  }
}
