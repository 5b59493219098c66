import { DomainError } from '@lib/platform';
import { LineCounter, parseAllDocuments } from 'yaml';

/** More documents than this in one request is refused: apply is a migration tool, not a bulk loader. */
export const MAX_DOCUMENTS = 500;

export const YAML_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'] as const;

/** One object of the stream, with where it came from (for error messages). */
export interface StreamObject {
  /** 0-based position in the stream (after `List`s are flattened). */
  index: number;
  /** 1-based line of the document that held it (YAML only). */
  line?: number;
  value: unknown;
}

// Billion laughs: aliases expand only when a document becomes JS (`toJS`, which takes the limit; the parse
// options have none). A few dozen aliases are plenty for real manifests.
const MAX_ALIAS_COUNT = 50;

const where = (index: number, line?: number): string =>
  line === undefined ? `document ${index}` : `document ${index} (line ${line})`;

/**
 * Parses a YAML stream of `---`-separated documents. Only the YAML 1.2 core schema is understood: any other tag
 * (`!!js/function`, `!foo`, even `!!binary` or `!!set`) is refused rather than read as a string.
 */
export function parseYamlStream(text: string): StreamObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    prettyErrors: true,
    strict: true,
    uniqueKeys: true,
    schema: 'core',
    resolveKnownTags: false,
    lineCounter,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MAX_DOCUMENTS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Too many documents: ${list.length} (at most ${MAX_DOCUMENTS})`,
    );
  }
  const objects: StreamObject[] = [];
  list.forEach((doc, index) => {
    // The document starts at its content, not at its `---` marker.
    const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    const problem =
      doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED') ?? doc.warnings[0];
    if (problem) {
      const at = problem.linePos?.[0].line ?? line;
      const first = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new DomainError('VALIDATION_FAILED', `Invalid YAML in ${where(index, at)}: ${first}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DomainError('VALIDATION_FAILED', `Invalid YAML in ${where(index, line)}: ${message}`);
    }
    // An empty document (a trailing `---`, or only comments) is no object.
    if (value !== null && value !== undefined) {
      objects.push({ index, line, value });
    }
  });
  return flattenLists(objects);
}

/** A JSON body: one object, an array of objects, or a `List`. */
export function jsonStream(body: unknown): StreamObject[] {
  const values: unknown[] = Array.isArray(body) ? body : [body];
  if (values.length > MAX_DOCUMENTS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Too many objects: ${values.length} (at most ${MAX_DOCUMENTS})`,
    );
  }
  return flattenLists(values.map((value, index) => ({ index, value })));
}

const isList = (v: unknown): v is { items: unknown } =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'List';

/** `kind: List` (what `kubectl get -o yaml` prints) contributes its items; indexes follow the flattened order. */
function flattenLists(objects: StreamObject[]): StreamObject[] {
  const flat: StreamObject[] = [];
  for (const o of objects) {
    if (!isList(o.value)) {
      flat.push({ ...o, index: flat.length });
      continue;
    }
    if (!Array.isArray(o.value.items)) {
      throw new DomainError('VALIDATION_FAILED', `${where(o.index, o.line)}: a List needs an items array`);
    }
    for (const item of o.value.items as unknown[]) {
      flat.push({ index: flat.length, line: o.line, value: item });
    }
  }
  if (flat.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'The request holds no objects');
  }
  if (flat.length > MAX_DOCUMENTS) {
    throw new DomainError('VALIDATION_FAILED', `Too many objects: ${flat.length} (at most ${MAX_DOCUMENTS})`);
  }
  return flat;
}
