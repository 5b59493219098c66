import type { ConfigSpec } from './catalogue.types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: unknown, override: unknown): unknown {
  if (override === undefined || override === null) {
    return base;
  }
  if (isObj(base) && isObj(override)) {
    const out: Obj = { ...base };
    for (const [key, value] of Object.entries(override)) {
      out[key] = merge(base[key], value);
    }
    return out;
  }
  return override;
}

/**
 * The device's own spec over its set's, field by field: every field the device sets wins, at any depth of
 * nested objects (heartbeat.periodSeconds alone keeps the set's hardwareProfile; logCollection merges by
 * target name); arrays (mounts) and scalars are replaced whole. Upstream lets a set replace all sections,
 * even with empty values (docs/contract.md#configuration-assembly): we do not copy that.
 */
export function mergeConfigSpecs(set: ConfigSpec | undefined, device: ConfigSpec | undefined): ConfigSpec {
  return merge(set ?? {}, device ?? {}) as ConfigSpec;
}
