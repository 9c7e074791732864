import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds prisma/migrations by walking up from this file, so the same code works from the sources
 * (jest), from dist/ after `nest build`, and whatever the current working directory is.
 */
export function findMigrationsFolder(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No prisma/migrations folder found above ${start}`);
    dir = parent;
  }
}
