import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommentStore } from './comment-store.service';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Keeps `comment_body_claims` at about ten minutes of posts: once a minute, each instance deletes
 * the claims older than the duplicate window (a plain scan of a small table; racing instances
 * delete the same rows harmlessly).
 */
@Injectable()
export class BodyClaimsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BodyClaimsSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly store: CommentStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, SWEEP_INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<void> {
    try {
      await this.store.sweepBodyClaims();
    } catch (error) {
      this.logger.warn(`Could not sweep old duplicate-check claims: ${(error as Error).message}`);
    }
  }
}
