import type { FastifyInstance } from 'fastify';

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

const clientError = (message: string, code: string): Error & { statusCode: number; code: string } =>
  Object.assign(new Error(message), { statusCode: 400, code });

/**
 * Limits on hostile input before any handler runs: a URL longer than `maxUrlLength` is a 414, a JSON body nested
 * deeper than `maxJsonDepth` a 400 (deep nesting costs recursion in every consumer of the body). JSON is
 * otherwise parsed by Fastify's own parser, which also refuses `__proto__` and `constructor` keys.
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
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, limits.maxJsonDepth)) {
      done(
        clientError(
          `The JSON body nests deeper than ${limits.maxJsonDepth} levels`,
          'FST_ERR_CTP_INVALID_JSON_BODY',
        ),
        undefined,
      );
      return;
    }
    void parseJson(request, body as string, done);
  });
}
