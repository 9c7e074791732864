/** A migration history that the runner must not touch: an edited, failed or unfinished migration. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}
