import { loadConfig, StaticAppConfig } from '@parley/config';
import { RecentWriters } from './recent-writers.service';

// Without REDIS_URL the record is in process: what one instance knows (README, Read replicas).
describe('RecentWriters without Redis', () => {
  const writers = () =>
    new RecentWriters(
      new StaticAppConfig(
        loadConfig({
          DATABASE_URL: 'postgresql://db:5432/parley',
          DATABASE_REPLICA_URLS: 'postgresql://replica:5432/parley',
          REPLICA_MAX_LAG_SECONDS: '2',
          REPLICA_READ_YOUR_WRITES_SECONDS: '3',
        }),
      ),
    );

  afterEach(() => jest.useRealTimers());

  it('counts a user as a recent writer for the window after their write, and only them', async () => {
    jest.useFakeTimers({ now: 1_800_000_000_000 });
    const recent = writers();
    await recent.note('writer');
    expect(await recent.wroteRecently('writer')).toBe(true);
    expect(await recent.wroteRecently('someone-else')).toBe(false);
    jest.setSystemTime(1_800_000_002_999);
    expect(await recent.wroteRecently('writer')).toBe(true);
    jest.setSystemTime(1_800_000_003_000);
    expect(await recent.wroteRecently('writer')).toBe(false);
  });

  it('starts the window again at each write', async () => {
    jest.useFakeTimers({ now: 1_800_000_000_000 });
    const recent = writers();
    await recent.note('writer');
    jest.setSystemTime(1_800_000_002_000);
    await recent.note('writer');
    jest.setSystemTime(1_800_000_004_000);
    expect(await recent.wroteRecently('writer')).toBe(true);
  });
});
