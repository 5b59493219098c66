import { parse, stringify } from 'yaml';
import type { ConfigMapData } from './catalogue.types';

/** How the Go models of the Edge API put things on the wire (docs/contract.md#how-go-puts-models-on-the-wire). */
export type Json = Record<string, unknown>;

/** Deterministic YAML (sorted keys): jsonb does not keep key order, and versions must only move on change. */
export const toYaml = (value: unknown): string => stringify(value, { sortMapEntries: true });

/** Omit-if-zero, as the Go models emit (docs/contract.md#how-go-puts-models-on-the-wire). */
export function dropEmpty(obj: Json): Json {
  return Object.fromEntries(
    Object.entries(obj).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && v !== 0 && v !== false,
    ),
  );
}

/** The `metrics_list.yaml` key of an allow-list ConfigMap, as `{names: [...]}` (upstream's format). */
export function allowListOf(cm: ConfigMapData | undefined): { names: string[] } | undefined {
  const text = cm?.data['metrics_list.yaml'];
  if (text === undefined) {
    return undefined;
  }
  const parsed = parse(text, { maxAliasCount: 0 }) as { names?: unknown } | null;
  return { names: Array.isArray(parsed?.names) ? parsed.names.map(String) : [] };
}
