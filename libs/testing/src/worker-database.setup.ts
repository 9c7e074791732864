// Runs in every test worker before its specs: points the worker at its own database. DATABASE_URL
// is overwritten too, so an app built from loadConfig() in a spec can never reach a real database.
import { TEST_ENV } from './test-database-env';

const worker = process.env.JEST_WORKER_ID ?? '1';
const url = process.env[TEST_ENV.workerUrl(worker)];
if (url) {
  process.env[TEST_ENV.url] = url;
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE = process.env[TEST_ENV.poolSize] ?? '1';
}
const directUrl = process.env[TEST_ENV.workerDirectUrl(worker)];
if (directUrl) {
  process.env[TEST_ENV.directUrl] = directUrl;
  process.env.DATABASE_DIRECT_URL = directUrl;
}
