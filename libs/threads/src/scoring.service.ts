import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/config';

/** Scoring never holds a comment up longer than this; a later answer is ignored. */
export const SCORING_TIMEOUT_MS = 1500;

/**
 * Toxicity scores from a Perspective-compatible endpoint (SCORING_URL, SCORING_API_KEY as
 * `?key=`). Any failure (unset, refused, slow, malformed) is null: the comment is then treated as
 * unscored, never lost or held up beyond SCORING_TIMEOUT_MS.
 */
@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);
  private readonly endpoint: URL | null;
  readonly threshold: number;

  constructor({ values }: AppConfig) {
    this.threshold = values.SCORING_HOLD_THRESHOLD;
    this.endpoint = values.SCORING_URL ? new URL(values.SCORING_URL) : null;
    if (this.endpoint && values.SCORING_API_KEY)
      this.endpoint.searchParams.set('key', values.SCORING_API_KEY);
  }

  get enabled(): boolean {
    return this.endpoint !== null;
  }

  /** The TOXICITY summary score in [0, 1], or null. Never rejects. */
  async score(text: string): Promise<number | null> {
    if (!this.endpoint) return null;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ comment: { text }, requestedAttributes: { TOXICITY: {} } }),
        signal: AbortSignal.timeout(SCORING_TIMEOUT_MS),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const body = (await response.json()) as {
        attributeScores?: { TOXICITY?: { summaryScore?: { value?: unknown } } };
      };
      const value = body?.attributeScores?.TOXICITY?.summaryScore?.value;
      if (typeof value !== 'number' || !(value >= 0 && value <= 1))
        throw new Error('no TOXICITY summary score in [0, 1]');
      return value;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Scoring failed; comment unscored');
      return null;
    }
  }

  /** Whether a score holds the comment. */
  holds(score: number | null): boolean {
    return score !== null && score >= this.threshold;
  }
}
