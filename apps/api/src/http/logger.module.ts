import { Module } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { destination } from 'pino';
import { asyncLogDestination } from './log-destination';
import { requestLogFields } from './request-log-fields';

function prettyTransportAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Production writes its lines to stdout asynchronously: a synchronous write per request blocks
 * the event loop whenever the log's reader is slow (a busy pipe, a disk flushing other writes),
 * which a profile under load showed as a third of the process's time. Lines written while one
 * write is under way go out together with the next; what is still buffered is flushed on exit.
 * Elsewhere pino's default (synchronous, and through process.stdout when a spec replaced it).
 */
function withDestination<T>(options: T, nodeEnv: string): T | [T, ReturnType<typeof destination>] {
  return nodeEnv === 'production' ? [options, asyncLogDestination(1)] : options;
}

// Nest's own start-up lines (one per module, controller and route: over a hundred at every start)
// tell an operator nothing; they are held until pino takes over (app.factory.ts) like Parley's
// own start-up lines, which stay. The bundle's class names may carry esbuild's leading underscore.
const FRAMEWORK_BOOT_CONTEXT = /^_?(InstanceLoader|RoutesResolver|RouterExplorer|NestFactory)$/;
const INFO = 30;

function isFrameworkBootLine(first: unknown, level: number): boolean {
  if (level > INFO || typeof first !== 'object' || first === null) return false;
  const { context } = first as { context?: unknown };
  return typeof context === 'string' && FRAMEWORK_BOOT_CONTEXT.test(context);
}

/** pino for every log line: JSON in production, pretty in development, each with the request id. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: ({ values }: AppConfig) => ({
        pinoHttp: withDestination(
          {
            level: values.LOG_LEVEL,
            genReqId: (req: IncomingMessage) => String((req as { id?: unknown }).id),
            customProps: () => ({ service: 'parley-api' }),
            // A 503 (with Retry-After) is the service shedding load or waiting out its database,
            // by design and logged with its cause as a warning; other 5xx are failures.
            customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
              res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info',
            // For a 5xx without an exception, pino-http invents an Error whose stack says nothing;
            // the exception filter logs real failures with their stack.
            customErrorObject: (
              _req: IncomingMessage,
              res: ServerResponse,
              error: Error,
              loggable: Record<string, unknown>,
            ) => ({
              ...(error.message === `failed with status code ${res.statusCode}`
                ? { res: loggable.res, responseTime: loggable.responseTime }
                : loggable),
              ...requestLogFields(res),
            }),
            customSuccessObject: (
              _req: IncomingMessage,
              res: ServerResponse,
              loggable: Record<string, unknown>,
            ) => {
              const fields = requestLogFields(res);
              return fields ? { ...loggable, ...fields } : loggable;
            },
            // No header reaches a line, so none can leak (an Authorization, a Cookie, a Stripe
            // signature): the request is its id, method and URL, the response its status. pino's
            // redaction of header paths therefore never found anything, and cost the cached page
            // a tenth of the bytes it allocates (it parsed its paths again at every line).
            // Our serializers read the few fields they log from the request and the response
            // themselves; pino-http's wrappers first built pino's full request and response
            // objects (every header, the socket's address) for each line and threw them away.
            wrapSerializers: false,
            hooks: {
              logMethod(args, method, level) {
                if (!isFrameworkBootLine(args[0], level)) method.apply(this, args);
              },
            },
            serializers: {
              req: (req: { id: unknown; method: string; url: string; originalUrl?: string }) => ({
                id: req.id,
                method: req.method,
                // As pino's own: the URL as received, whatever a router has made of req.url since.
                url: req.originalUrl || req.url,
              }),
              // Every response's full header set on every line cost more than the rest of the line.
              // As pino's own: no status until the headers are out (a reader gone before them).
              res: (res: { statusCode: number; headersSent?: boolean }) => ({
                statusCode: res.headersSent ? res.statusCode : null,
              }),
            },
            transport:
              values.NODE_ENV === 'development' && prettyTransportAvailable()
                ? { target: 'pino-pretty', options: { singleLine: true } }
                : undefined,
          },
          values.NODE_ENV,
        ),
      }),
    }),
  ],
})
export class LoggerModule {}
