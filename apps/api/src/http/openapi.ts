import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * Swagger UI at /api/v1/docs and the OpenAPI 3 document at /api/v1/docs-json. The document is
 * built at its first request, not at start-up: an instance nobody asks for it (most of them,
 * behind a load balancer) never holds it.
 */
export function configureOpenApi(app: INestApplication): void {
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Parley API')
        .setDescription(
          'Comment threads under paywalled articles. Every error has the body ' +
            '`{statusCode, code, message, details?}`; `code` is stable and machine-readable.',
        )
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    );
  SwaggerModule.setup('api/v1/docs', app, document, { jsonDocumentUrl: 'api/v1/docs-json' });
}
