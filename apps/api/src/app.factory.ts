import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigValues } from '@parley/config';
import { LiveStreams } from '@parley/live';
import helmet from 'helmet';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { webAssetsMiddleware } from './embed/web-assets.middleware';
import { configureBodyParsing } from './http/body-parsing';
import { configureCors } from './http/cors';
import { healthOnly } from './http/health-only.middleware';
import { InFlightRequests, inFlightLimit } from './http/in-flight-limit.middleware';
import { notFoundOutsideApi } from './http/outside-api.middleware';
import { configureOpenApi } from './http/openapi';
import { requestIdMiddleware } from './http/request-id.middleware';
import { configureServerTimeouts } from './http/server-timeouts';
import { ShutdownGate } from './http/shutdown-gate';
import { createValidationPipe } from './http/validation.pipe';
import { Admission, AnonymousFastPath } from './threads/anonymous-fast-path.service';

export const API_PREFIX = 'api/v1';

/** Builds the fully configured HTTP application (not yet listening); main.ts and the e2e specs share it. */
export async function createApp(config: ConfigValues): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // Until pino takes over (below), Nest prints nothing: a start-up failure reaches main.ts,
    // which prints it as one line. What the modules log meanwhile (the embedded database's socket
    // folder, the migrations applied) is held and written by pino once it takes over.
    logger: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  configureServerTimeouts(app.getHttpServer() as Server, {
    headersSeconds: config.HTTP_HEADERS_TIMEOUT_SECONDS,
    requestSeconds: config.HTTP_REQUEST_TIMEOUT_SECONDS,
    keepAliveSeconds: config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS,
  });
  app.use(requestIdMiddleware);
  configureCors(app, config.CORS_ORIGINS);
  if (config.PARLEY_ROLE === 'worker') app.use(healthOnly);
  const gate = ShutdownGate.attach(app);
  gate.onDrain(() => app.get(LiveStreams).closeAll());
  app.use(gate.middleware);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } },
    }),
  );
  // The widget, its demo page and the console, at the root and under /api/v1 (apps/api/src/embed).
  app.use(
    webAssetsMiddleware({ production: config.NODE_ENV === 'production', prefix: `/${API_PREFIX}` }),
  );
  app.use(notFoundOutsideApi(API_PREFIX));
  configureBodyParsing(app);
  // Counted once the body has been read: a client trickling its body holds a socket (until
  // HTTP_REQUEST_TIMEOUT_SECONDS) but never one of the slots that readers need.
  const inFlight = new InFlightRequests(config.MAX_IN_FLIGHT_REQUESTS);
  app.use(inFlightLimit(inFlight));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  configureOpenApi(app);
  if (config.PARLEY_ROLE !== 'worker')
    answerCachedReadsFirst(app.getHttpServer() as Server, app.get(AnonymousFastPath), {
      track: (res) => gate.track(res),
      enter: (res) => inFlight.enter(res),
    });
  return app;
}

/**
 * Puts AnonymousFastPath in front of Express on the HTTP server: what it does not answer goes on
 * to Express as before (most requests at once, without a turn of the event loop).
 */
function answerCachedReadsFirst(
  server: Server,
  fastPath: AnonymousFastPath,
  admission: Admission,
): void {
  const [express, ...others] = server.listeners('request') as RequestListener[];
  if (!express || others.length > 0)
    throw new Error('Expected Express as the only request listener');
  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const replay = fastPath.replayFor(req);
    if (!replay) {
      express(req, res);
      return;
    }
    fastPath.answer(replay, req, res, admission).then(
      (answered) => {
        if (!answered) express(req, res);
      },
      () => {
        if (!res.headersSent) express(req, res);
        else res.destroy();
      },
    );
  });
}
