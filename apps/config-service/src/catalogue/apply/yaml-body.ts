import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { YAML_CONTENT_TYPES } from './manifest-stream';

/**
 * Lets YAML bodies through as text (parsed by apply itself, safely); Fastify's body limit still applies.
 * Only the config service registers it: no other route accepts YAML.
 */
export function acceptYamlBodies(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser([...YAML_CONTENT_TYPES], { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
}
