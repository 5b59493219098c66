import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const CSV_CONTENT_TYPE = 'text/csv';

/**
 * Lets CSV bodies through as text, for the pre-authorisation import (which parses them itself); Fastify's body
 * limit still applies.
 */
export function acceptCsvBodies(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(CSV_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
}
