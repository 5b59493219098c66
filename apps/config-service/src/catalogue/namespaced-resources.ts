import { DomainError } from '@lib/platform';
import type {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import { lockNamespace } from '../serving';
import { checkIfMatch } from './catalogue-write';

export interface NamedResource extends ObjectLiteral {
  id: string;
  namespace: string;
  name: string;
  resourceVersion: number;
}

type Finder<E> = (m: EntityManager, ns: string, name: string) => Promise<E | null>;
type Hook<E> = (m: EntityManager, existing: E) => Promise<void>;

/** The reads and the delete that every namespaced catalogue resource shares; `kind` names it in messages. */
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
    });
  }
}
