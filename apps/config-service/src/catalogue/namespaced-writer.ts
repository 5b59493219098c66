import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { checkIfMatch, type WriteOutcome } from './catalogue-write';

interface Versioned extends ObjectLiteral {
  resourceVersion: number;
}

/**
 * The versioning step of every catalogue write (NamespacedResources.write, device specs), inside the caller's
 * transaction with the namespace locked:
 * `If-Match` checked, resourceVersion bumped only when `same` says the content differs.
 */
export async function writeResource<E extends Versioned>(
  manager: EntityManager,
  options: {
    entity: EntityTarget<E>;
    where: FindOptionsWhere<E>;
    what: string;
    ifMatch: string | undefined;
    values: Partial<E>;
    same: (existing: E) => boolean | Promise<boolean>;
  },
): Promise<{ saved: E; previous: E | null; outcome: WriteOutcome }> {
  const repo = manager.getRepository(options.entity);
  const previous = await repo.findOneBy(options.where);
  checkIfMatch(options.what, previous, options.ifMatch);
  if (previous && (await options.same(previous))) {
    return { saved: previous, previous, outcome: 'unchanged' };
  }
  const entity = repo.create({
    ...(previous ?? {}),
    ...options.where,
    ...options.values,
    resourceVersion: (previous?.resourceVersion ?? 0) + 1,
  } as E);
  const saved = await repo.save(entity);
  return { saved, previous: previous ? { ...previous } : null, outcome: previous ? 'updated' : 'created' };
}
