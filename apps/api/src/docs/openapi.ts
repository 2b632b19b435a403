import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/**
 * The OpenAPI document is generated from the same zod schemas that validate requests and
 * serialize responses, so docs and behaviour cannot drift. Served at /docs and /docs-json.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Partnerflow API')
    .setDescription(
      'Affiliate and partner programs on durable workflows. Operators authenticate with ' +
        '`Authorization: Bearer <api key>`; errors are `{ error: { code, message, details } }`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
