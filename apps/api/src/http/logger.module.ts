import { Module } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Paths and headers that may carry secrets: never logged. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
];

function prettyTransportAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** pino for every log line: JSON in production, pretty in development, each with the request id. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: ({ values }: AppConfig) => ({
        pinoHttp: {
          level: values.LOG_LEVEL,
          genReqId: (req: IncomingMessage) => String((req as { id?: unknown }).id),
          redact: { paths: REDACT, censor: '[redacted]' },
          customProps: () => ({ service: 'parley-api' }),
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : 'info',
          // For a 5xx without an exception, pino-http invents an Error whose stack says nothing;
          // the exception filter logs real failures with their stack.
          customErrorObject: (
            _req: IncomingMessage,
            res: ServerResponse,
            error: Error,
            loggable: Record<string, unknown>,
          ) =>
            error.message === `failed with status code ${res.statusCode}`
              ? { res: loggable.res, responseTime: loggable.responseTime }
              : loggable,
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            // Every response's full header set on every line cost more than the rest of the line.
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          transport:
            values.NODE_ENV === 'development' && prettyTransportAvailable()
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
        },
      }),
    }),
  ],
})
export class LoggerModule {}
