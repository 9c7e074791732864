// Configuration for the Prisma CLI only (generate, migrate diff/status). The app applies
// migrations itself (libs/database) and never loads this file.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

// Workaround for prisma/orm#27403: the WASM schema engine cannot deserialise the catalog types
// "char" (oid 18), name (19) and name[] (1003) through adapter-pg, so report them as text/text[].
const CATALOG_OIDS: Record<number, number> = { 18: 25, 19: 25, 1003: 1009 };
type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };
function relabelCatalogTypes<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    const mapped = CATALOG_OIDS[field.dataTypeID];
    if (mapped) field.dataTypeID = mapped;
  }
  return result;
}
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function patchedQuery(this: pg.Client, ...args: unknown[]) {
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (err: Error, res: unknown) =>
      (last as (e: Error, r: unknown) => void)(err, err ? res : relabelCatalogTypes(res));
    return originalQuery.apply(this, args);
  }
  const out = originalQuery.apply(this, args);
  return out instanceof Promise ? out.then(relabelCatalogTypes) : out;
} as typeof pg.Client.prototype.query;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
