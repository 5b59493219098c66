import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { type ApiError } from '../api/api-client';

export interface FieldError {
  /** The field as the server named it, e.g. `pod.spec.containers[0].env[0].valueFrom.secretKeyRef`. */
  field: string | null;
  message: string;
  /** 1-based line of that field in the editor's text, when found. */
  line: number | null;
}

/** `pod.spec.containers[0].env` → ['pod', 'spec', 'containers', 0, 'env']. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

/** The line where `field` is written in YAML or JSON text (the deepest part of the path found). */
export function lineOf(text: string, field: string): number | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  let node: unknown = doc.contents;
  let offset: number | null = null;
  for (const part of fieldPath(field)) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === part,
      );
      if (!pair) {
        break;
      }
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) {
        break;
      }
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === null ? null : counter.linePos(offset).line;
}

// "pod.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "db" does not exist" (references), or
// class-validator's "pod.spec must be an object" (the property path first).
const WITH_COLON = /^([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*):\s+(.*)$/;
const WITH_SPACE = /^([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*)\s+(.*)$/;

/** The server's answer split per field, each with its line in the editor's text. */
export function fieldErrors(error: ApiError, text: string): FieldError[] {
  const parts = error.body.problems?.length ? error.body.problems : error.body.message.split('; ');
  return parts.map((part) => {
    const found =
      WITH_COLON.exec(part) ?? (error.code === 'VALIDATION_FAILED' ? WITH_SPACE.exec(part) : null);
    if (!found) {
      return { field: null, message: part, line: null };
    }
    const field = found[1];
    const line = lineOf(text, field);
    // A word that is no field of the document (e.g. "property x should not exist") stays a plain message.
    return line === null && !found[0].includes(':')
      ? { field: null, message: part, line: null }
      : { field, message: found[2], line };
  });
}
