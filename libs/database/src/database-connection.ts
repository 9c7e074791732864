import { OnApplicationShutdown } from '@nestjs/common';

/** Where the app's PrismaService connects; resolved once at start-up by DatabaseModule. */
export class DatabaseConnection implements OnApplicationShutdown {
  constructor(
    readonly connectionString: string,
    readonly poolSize: number,
    /** Stops the embedded server, if this connection is to one. */
    private readonly stopServer: () => Promise<void> = async () => undefined,
  ) {}

  /** Nest runs this after every onModuleDestroy, so after PrismaService has disconnected. */
  async onApplicationShutdown(): Promise<void> {
    await this.stopServer();
  }
}
