import type { Requirement } from '@lib/contracts';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Adds a parsed label selector to a query on a table with a jsonb `labels` column (index-friendly @> and ?). */
export function whereLabels<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  requirements: Requirement[],
): void {
  requirements.forEach((r, i) => {
    const key = `lk${i}`;
    switch (r.op) {
      case 'exists':
        qb.andWhere(`jsonb_exists(${alias}.labels, :${key})`, { [key]: r.key });
        break;
      case 'notexists':
        qb.andWhere(`NOT jsonb_exists(${alias}.labels, :${key})`, { [key]: r.key });
        break;
      case 'in':
        qb.andWhere(`${alias}.labels ->> :${key} IN (:...lv${i})`, { [key]: r.key, [`lv${i}`]: r.values });
        break;
      case 'notin':
        qb.andWhere(
          `(${alias}.labels ->> :${key} IS NULL OR ${alias}.labels ->> :${key} NOT IN (:...lv${i}))`,
          {
            [key]: r.key,
            [`lv${i}`]: r.values,
          },
        );
        break;
    }
  });
}
