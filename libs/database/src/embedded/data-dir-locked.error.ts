/** Thrown when another live process owns the embedded database's data folder. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Parley process (pid ${pid}); stop it or set DATA_DIR`,
    );
  }
}
