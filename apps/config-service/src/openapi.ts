import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The management API's OpenAPI document: browsable (Swagger UI) at /api/docs, JSON at /api/docs-json (Nest's convention). */
export function serveOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Flotta Edge Configuration: management API')
      .setDescription(
        'Approve devices, manage auto-approval rules, label and decommission devices, roll out configuration. Every operation needs a bearer token; roles: viewer (read), operator (enrolments, devices, workloads, sets, configmaps, playbooks), admin (auto-approval rules, secrets, recording policies, tokens, audit).',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description:
          'A token from AUTH_TOKENS_FILE or minted with PUT /api/v1/tokens/{name}, or an OIDC access token. ' +
          'Each operation lists the role it needs in `x-required-role`.',
      })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    raw: ['json'],
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Flotta management API',
    // The token pasted into "Authorize" lives only in the page; it is not kept across reloads.
    swaggerOptions: { persistAuthorization: false },
  });
}
