import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from './database-connection';

const READY_TIMEOUT_MS = 2_000;

/** What a readiness check may ask of the database, without holding a client. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly connection: DatabaseConnection) {}

  /** Does the database answer `SELECT 1` within the timeout? Never throws. */
  async isReady(timeoutMs: number = READY_TIMEOUT_MS): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.connection.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
