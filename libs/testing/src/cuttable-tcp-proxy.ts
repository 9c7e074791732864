import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a database server that a spec can cut and restore, to
 * show how the service behaves while its database is unreachable without stopping a real server.
 */
export class CuttableTcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /**
   * A proxy in front of the server a connection URL names: host and port, or a unix socket folder
   * in `?host=` (the embedded server), where the socket is `.s.PGSQL.<port>` as libpq names it.
   */
  static forDatabase(connectionString: string): CuttableTcpProxy {
    const url = new URL(connectionString);
    const port = Number(url.port || 5432);
    const socketDir = url.searchParams.get('host');
    return socketDir?.startsWith('/')
      ? new CuttableTcpProxy(`${socketDir}/.s.PGSQL.${port}`, 0)
      : new CuttableTcpProxy(url.hostname, port);
  }

  /** Rewrites a connection URL so that it goes through the proxy. */
  route(connectionString: string): string {
    const url = new URL(connectionString);
    url.searchParams.delete('host');
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.server = net.createServer((client) => this.pipe(client));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /**
   * Drops every open connection and refuses new ones until restore(). With `reset`, each
   * connection ends with a TCP reset (the peer's read or write fails with ECONNRESET) instead of
   * an orderly close: what a crashed host or a middlebox timing out looks like.
   */
  async cut({ reset = false }: { reset?: boolean } = {}): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) {
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.start();
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private pipe(client: net.Socket): void {
    // A target host that is a path is a unix socket.
    const upstream = this.targetHost.startsWith('/')
      ? net.connect(this.targetHost)
      : net.connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
