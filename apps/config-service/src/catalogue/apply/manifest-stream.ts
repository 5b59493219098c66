import { DomainError, nestsDeeperThan } from '@lib/platform';
import { Composer, type Document, LineCounter } from 'yaml';
import { findDuplicateKey, findPrototypeKey, parseTokens, YamlLimitError } from './yaml-limits';

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

/** A YAML body is held to the JSON body's limits once its aliases are expanded. */
export interface StreamLimits {
  /** The HTTP body limit: the stream's objects, as JSON, may not be larger. */
  maxBytes: number;
  /** The JSON nesting limit. */
  maxDepth: number;
}

const where = (index: number, line?: number): string =>
  line === undefined ? `document ${index}` : `document ${index} (line ${line})`;

const invalid = (at: string, message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `Invalid YAML in ${at}: ${message}`);

/** The stream's documents, composed once the CST passed the depth limit. */
function composeDocuments(text: string, maxDepth: number, lineCounter: LineCounter): Document.Parsed[] {
  try {
    const tokens = parseTokens(text, maxDepth, lineCounter);
    const composer = new Composer({
      strict: true,
      uniqueKeys: false,
      schema: 'core',
      resolveKnownTags: false,
    });
    return [...composer.compose(tokens)];
  } catch (error) {
    if (error instanceof YamlLimitError) {
      throw invalid(where(error.document, lineCounter.linePos(error.offset).line), error.message);
    }
    throw error;
  }
}

/** A document as JS: its first error or unresolved tag, a repeated key or too many aliases refuse it. */
function documentValue(doc: Document.Parsed, at: (offset?: number) => string): unknown {
  const problem =
    doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED') ?? doc.warnings[0];
  if (problem) {
    throw invalid(at(problem.pos[0]), problem.message.split('\n')[0]);
  }
  const duplicate = findDuplicateKey(doc);
  if (duplicate) {
    throw invalid(at(duplicate.offset), `Map keys must be unique ("${duplicate.key}" repeats)`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw invalid(at(), error instanceof Error ? error.message : String(error));
  }
}

/**
 * Parses a YAML stream of `---`-separated documents. Only the YAML 1.2 core schema is understood: any other tag
 * (`!!js/function`, `!foo`, even `!!binary` or `!!set`) is refused rather than read as a string. What the
 * documents expand to is held to the JSON body's rules: no larger than the body limit, no deeper than the depth
 * limit, no prototype keys.
 */
export function parseYamlStream(text: string, limits: StreamLimits): StreamObject[] {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const list = composeDocuments(text, limits.maxDepth, lineCounter);
  if (list.length > MAX_DOCUMENTS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Too many documents: ${list.length} (at most ${MAX_DOCUMENTS})`,
    );
  }
  const objects: StreamObject[] = [];
  let expandedBytes = 0;
  list.forEach((doc, index) => {
    // The document starts at its content, not at its `---` marker.
    const line = lineAt(doc.contents?.range[0] ?? doc.range[0]);
    const at = (offset?: number): string => where(index, offset === undefined ? line : lineAt(offset));
    const value = documentValue(doc, at);
    // An empty document (a trailing `---`, or only comments) is no object.
    if (value === null || value === undefined) {
      return;
    }
    const json = JSON.stringify(value);
    expandedBytes += Buffer.byteLength(json);
    if (expandedBytes > limits.maxBytes) {
      throw new DomainError(
        'BODY_TOO_LARGE',
        `The documents up to ${at()} expand to more than ${limits.maxBytes} bytes of JSON`,
      );
    }
    if (nestsDeeperThan(json, limits.maxDepth)) {
      throw invalid(at(), `nests deeper than ${limits.maxDepth} levels`);
    }
    const prototypeKey = findPrototypeKey(value, '');
    if (prototypeKey !== undefined) {
      throw invalid(at(), `${prototypeKey}: a prototype key is not allowed`);
    }
    objects.push({ index, line, value });
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
