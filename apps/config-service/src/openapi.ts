import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The management API's OpenAPI document, as JSON at /api/docs. */
export function serveOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Flotta Edge Configuration: management API')
      .setDescription('Approve devices, manage auto-approval rules, label and decommission devices.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'api/docs' });
}
