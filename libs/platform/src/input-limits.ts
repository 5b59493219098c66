import type { FastifyInstance } from 'fastify';
import { DomainError } from './domain-error';

/** True when a JSON text nests objects/arrays deeper than `max` (strings are skipped, escapes respected). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        i++;
      } else if (ch === '"') {
        inString = false;
      }
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth > max) {
        return true;
      }
    } else if (ch === '}' || ch === ']') {
      depth--;
    }
  }
  return false;
}

/**
 * Most keys one object of a stored body may have. The management API's validation (class-transformer) handles an
 * object's keys in quadratic time: 60,000 keys in a 1 MB body block the event loop for seconds, 10,000 for a
 * fraction of one. Real ConfigMaps, Secrets and label sets have tens.
 */
export const MAX_OBJECT_KEYS = 10_000;

const NUL_MESSAGE = 'must not contain NUL characters (\\u0000)';

/**
 * What keeps a parsed body from being validated and stored as sent, as `path: problem` (`data.a`, `items[2]`,
 * `data["a\u0000"]`): a NUL character in a string or a key (PostgreSQL stores none in `text` or `jsonb`), or an
 * object with more than MAX_OBJECT_KEYS keys. Undefined when there is none.
 */
export function findUnstorable(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? `${path || '(body)'}: ${NUL_MESSAGE}` : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${path}[${i}]`);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_OBJECT_KEYS) {
    return `${path || '(body)'}: has ${entries.length} keys, more than ${MAX_OBJECT_KEYS}`;
  }
  for (const [key, item] of entries) {
    if (key.includes('\u0000')) {
      return `${path}[${JSON.stringify(key)}]: ${NUL_MESSAGE}`;
    }
    const found = findUnstorable(item, path ? `${path}.${key}` : key);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/** Why JSON.parse or Fastify's secure parser refused a non-empty body, in words the caller can act on. */
function whyNotJson(text: string): string {
  try {
    JSON.parse(text);
    // Valid JSON that the secure parser refused: it carries a prototype key.
    return 'The JSON body has a "__proto__" or "constructor.prototype" key';
  } catch (error) {
    return `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Limits on hostile input before any handler runs: a URL longer than `maxUrlLength` is a 414, a JSON body nested
 * deeper than `maxJsonDepth` a 400 (deep nesting costs recursion in every consumer of the body). JSON is
 * otherwise parsed by Fastify's own parser, which also refuses `__proto__` and `constructor.prototype` keys. No
 * route takes plain text: without Fastify's `text/plain` parser, a body of any type but JSON is a 415.
 */
export function limitInput(
  fastify: FastifyInstance,
  limits: { maxUrlLength: number; maxJsonDepth: number },
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if ((request.raw.url ?? '').length <= limits.maxUrlLength) {
      done();
      return;
    }
    void reply.status(414).send({
      statusCode: 414,
      code: 'URL_TOO_LONG',
      message: `The URL is longer than ${limits.maxUrlLength} characters`,
      correlationId: request.id,
    });
  });
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (nestsDeeperThan(text, limits.maxJsonDepth)) {
      done(new DomainError('INVALID_JSON', `The JSON body nests deeper than ${limits.maxJsonDepth} levels`));
      return;
    }
    void parseJson(request, text, (error, value) => {
      // An empty body keeps Fastify's own answer (a 400): a route may accept a request without one.
      done(error && text.length > 0 ? new DomainError('INVALID_JSON', whyNotJson(text)) : error, value);
    });
  });
}

/**
 * For an API whose bodies are validated and stored as sent (the management API): what findUnstorable finds is a
 * 400 before any handler, where PostgreSQL would refuse a NUL with a 500. Device data takes the other way: the
 * workers drop NULs (`withoutNul` in @lib/database), because the Edge API forwards whatever a device reports.
 */
export function refuseUnstorableBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problem = findUnstorable(request.body);
    done(problem === undefined ? undefined : new DomainError('VALIDATION_FAILED', problem));
  });
}
