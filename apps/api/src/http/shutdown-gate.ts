import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';
import { sendServiceUnavailable } from './error-body';

const gates = new WeakMap<INestApplication, ShutdownGate>();

/**
 * Lets an instance stop without dropping a request. Nest's own `app.close()` runs the modules'
 * destroy hooks (Prisma's disconnect, the pool's end) before it closes the HTTP server
 * (@nestjs/core `runShutdownSequence`: callDestroyHook, callBeforeShutdownHook, then dispose),
 * so requests still arriving would meet a closed pool, and it destroys keep-alive sockets with
 * requests on them. So `drain()` comes first: stop accepting connections, answer requests that
 * arrive on open keep-alive connections 503 with `Connection: close`, let the requests already
 * in flight finish (each then closes its connection), and only then `app.close()`.
 */
export class ShutdownGate {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private onIdle: (() => void) | null = null;
  private readonly drainHooks: (() => void)[] = [];

  static of(app: INestApplication): ShutdownGate {
    const gate = gates.get(app);
    if (!gate) throw new Error('This application was not built by createApp()');
    return gate;
  }

  static attach(app: INestApplication): ShutdownGate {
    const gate = new ShutdownGate();
    gates.set(app, gate);
    return gate;
  }

  /** Requests in flight right now (health probes included). */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Runs when draining starts: what would never finish by itself (an event stream) ends there,
   * so that it neither holds the drain until its deadline nor counts as cut off.
   */
  onDrain(hook: () => void): void {
    this.drainHooks.push(hook);
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.track(res)) {
      res.setHeader('Connection', 'close');
      sendServiceUnavailable(req, res, 'This instance is shutting down; try again');
      return;
    }
    next();
  };

  /**
   * Counts `res` as in flight until it finishes; false (nothing counted) once draining has
   * begun. For what answers before the middleware (the API's AnonymousFastPath).
   */
  track(res: ServerResponse): boolean {
    if (this.draining) return false;
    this.inFlight.add(res);
    const release = () => {
      if (!this.inFlight.delete(res)) return;
      if (this.draining && this.inFlight.size === 0) this.onIdle?.();
    };
    res.once('finish', release);
    res.once('close', release);
    return true;
  }

  /**
   * Stops taking requests and waits for those in flight, at most `deadlineMs`; then closes what
   * is left. Resolves with the number of requests cut off by the deadline (0 when all finished).
   */
  async drain(server: Server, deadlineMs: number): Promise<number> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => {
      // http.Server#close would also close idle keep-alive connections at once; a request
      // already on its way over one of them would then meet a reset. net.Server#close only stops
      // accepting: idle connections stay open (and get a 503) until nothing is in flight.
      if (server.listening) net.Server.prototype.close.call(server);
      else resolve();
      server.once('close', () => resolve());
    });
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    for (const hook of this.drainHooks) hook();
    const idle = new Promise<void>((resolve) => {
      this.onIdle = resolve;
      if (this.inFlight.size === 0) resolve();
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    try {
      const outcome = await Promise.race([idle.then(() => 'idle' as const), deadline]);
      const cutOff = outcome === 'deadline' ? this.inFlight.size : 0;
      if (outcome === 'deadline') server.closeAllConnections();
      else server.closeIdleConnections();
      await Promise.race([closed, deadline]);
      server.closeAllConnections();
      return cutOff;
    } finally {
      clearTimeout(timer);
    }
  }
}
