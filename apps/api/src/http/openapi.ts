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
            '`{statusCode, code, message, details?}`; `code` is stable and machine-readable. ' +
            'JSON bodies are objects in UTF-8 (at most 100 kB, 32 levels deep; plain or gzip, deflate or br): ' +
            'bytes that are not UTF-8 or malformed JSON are a 400 invalid_json, any other JSON value (array, null, ' +
            'string, number) a 400 validation_failed, another charset or Content-Encoding a 415 unsupported_media_type.',
        )
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    );
  SwaggerModule.setup('api/v1/docs', app, document, { jsonDocumentUrl: 'api/v1/docs-json' });
}
