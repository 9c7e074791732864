import { parseLsn, PrimaryLsnHistory, ReplicaPosition } from './primary-lsn-history';

const T0 = 1_800_000_000_000;
const seconds = (n: number) => n * 1000;
const standby = (replayLsn: string, replayedAt: number | null = null): ReplicaPosition => ({
  inRecovery: true,
  replayLsn: parseLsn(replayLsn),
  replayedAt,
});

describe('parseLsn', () => {
  it('orders WAL positions across the 32-bit boundary', () => {
    expect(parseLsn('0/3000060')).toBe(0x3000060n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('refuses what is no WAL position', () => {
    expect(() => parseLsn('')).toThrow(/WAL position/);
    expect(() => parseLsn('0/3000060; DROP')).toThrow(/WAL position/);
  });
});

describe('PrimaryLsnHistory.lagSeconds', () => {
  it('reads a caught-up replica of an idle primary as 0, however old its last replayed commit', () => {
    const history = new PrimaryLsnHistory(seconds(11));
    for (let s = 0; s <= 600; s++) history.record(T0 + seconds(s), parseLsn('0/5000000'));
    const lastCommitAnHourAgo = T0 - seconds(3600);
    expect(history.lagSeconds(T0 + seconds(600), standby('0/5000000', lastCommitAnHourAgo))).toBe(
      0,
    );
  });

  it('counts a replica behind from the first moment the primary was seen past its position', () => {
    const history = new PrimaryLsnHistory(seconds(11));
    history.record(T0, parseLsn('0/5000000'));
    history.record(T0 + seconds(1), parseLsn('0/5000100'));
    history.record(T0 + seconds(2), parseLsn('0/5000200'));
    history.record(T0 + seconds(3), parseLsn('0/5000200'));
    // Replayed up to the write seen at T0 + 1 s: the next one was on the primary at T0 + 2 s.
    expect(history.lagSeconds(T0 + seconds(7), standby('0/5000100'))).toBe(5);
    expect(history.lagSeconds(T0 + seconds(7), standby('0/5000000'))).toBe(6);
    expect(history.lagSeconds(T0 + seconds(7), standby('0/5000200'))).toBe(0);
  });

  it('reads a replica with replay paused as falling further behind while the primary writes', () => {
    const history = new PrimaryLsnHistory(seconds(11));
    const paused = standby('0/5000000');
    history.record(T0, parseLsn('0/5000000'));
    const lags = [1, 2, 3, 4, 5, 6].map((s) => {
      history.record(T0 + seconds(s), parseLsn(`0/50000${s}0`));
      return history.lagSeconds(T0 + seconds(s) + 500, paused);
    });
    expect(lags).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
  });

  it('keeps reading a long-behind replica as behind after old samples are dropped', () => {
    const history = new PrimaryLsnHistory(seconds(11));
    history.record(T0, parseLsn('0/5000000'));
    for (let s = 1; s <= 60; s++)
      history.record(T0 + seconds(s), parseLsn(`0/6${String(s).padStart(6, '0')}`));
    const lag = history.lagSeconds(T0 + seconds(60), standby('0/5000000', T0));
    expect(lag).toBeGreaterThan(10);
  });

  it('on its first sample, trusts a behind replica no more than its own replay timestamp says', () => {
    const history = new PrimaryLsnHistory(seconds(11));
    history.record(T0, parseLsn('0/9000000'));
    expect(history.lagSeconds(T0 + 200, standby('0/5000000', T0 - seconds(3600)))).toBe(3600.2);
    expect(history.lagSeconds(T0 + 200, standby('0/5000000', null))).toBe(Infinity);
    expect(history.lagSeconds(T0 + 200, standby('0/9000000', T0 - seconds(3600)))).toBe(0);
  });

  it('reads a server that is not a standby, or before any sample, as unusable', () => {
    const history = new PrimaryLsnHistory(seconds(11));
    expect(history.lagSeconds(T0, standby('0/5000000'))).toBe(Infinity);
    history.record(T0, parseLsn('0/5000000'));
    expect(history.lagSeconds(T0, { inRecovery: false, replayLsn: null, replayedAt: null })).toBe(
      Infinity,
    );
    expect(history.lagSeconds(T0, { inRecovery: true, replayLsn: null, replayedAt: null })).toBe(
      Infinity,
    );
  });
});
