import type { RateLimitRule } from '@parley/rate-limit';
import {
  KNOWN_CLIENT_WINDOW_SECONDS,
  knownClientMarker,
  LOGIN_FAILURE_WINDOW_SECONDS,
  LoginFailureLimits,
  loginFailureBudgets,
} from './login-failure-rules';

const DEFAULTS: LoginFailureLimits = { perIp: 30, perIpEmail: 5, perEmailPerHour: 100 };
const VICTIM = 'victim-email-hash';

/**
 * Fixed-window counters as libs/rate-limit keeps them, on a simulated clock (seconds), and a login
 * as AuthRateLimits makes one: reserve every budget (refused when one goes over), give the
 * reservation back on success.
 */
class SimulatedLogins {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  failures: number[] = [];

  constructor(private readonly limits: LoginFailureLimits = DEFAULTS) {}

  /** True when the attempt was answered (401 or 200), false for a 429. */
  attempt(now: number, ip: string, emailKey: string, correct: boolean): boolean {
    const marker = knownClientMarker({ ip, emailKey });
    const known = this.count(now, marker.key, marker.windowSeconds) > 0;
    const budgets = loginFailureBudgets({ ip, emailKey, known }, this.limits);
    const over = budgets.map((rule) => this.add(now, rule, 1) > rule.limit).some(Boolean);
    if (over || correct) for (const rule of budgets) this.add(now, rule, -1);
    if (over) return false;
    if (correct) this.add(now, { ...marker, limit: Infinity }, 1);
    else if (emailKey === VICTIM) this.failures.push(now);
    return true;
  }

  private count(now: number, key: string, windowSeconds: number): number {
    return this.add(now, { key, windowSeconds, limit: Infinity }, 0);
  }

  private add(now: number, rule: RateLimitRule, amount: number): number {
    let window = this.windows.get(rule.key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + rule.windowSeconds };
      this.windows.set(rule.key, window);
    }
    window.count += amount;
    return window.count;
  }
}

interface Attack {
  /** How many addresses take part; each tries every `every` seconds, round the clock. */
  addresses: number;
  every: number;
  seconds: number;
  /** Where the owner signs in from, once a minute. */
  ownerIp: string;
  ownerKnown: boolean;
}

/** The longest time, in seconds, that the owner's correct password was refused in any 60 minutes. */
function simulate(
  attack: Attack,
  logins = new SimulatedLogins(),
): { refused: number; sim: SimulatedLogins } {
  if (attack.ownerKnown)
    logins.attempt(-KNOWN_CLIENT_WINDOW_SECONDS / 2, attack.ownerIp, VICTIM, true);
  const refusals: number[] = [];
  for (let now = 0; now < attack.seconds; now += 1) {
    if (now % attack.every === 0) {
      for (let a = 0; a < attack.addresses; a += 1)
        logins.attempt(now, `198.51.${a >> 8}.${a & 255}`, VICTIM, false);
    }
    if (now % 60 === 0 && !logins.attempt(now, attack.ownerIp, VICTIM, true)) refusals.push(now);
  }
  let worst = 0;
  for (const start of refusals) {
    const inHour = refusals.filter((t) => t >= start && t < start + 3600).length;
    worst = Math.max(worst, inHour * 60);
  }
  return { refused: worst, sim: logins };
}

/** The most failures on the victim's email in any 60 minutes. */
function worstHour(failures: number[]): number {
  let worst = 0;
  for (const start of failures) {
    worst = Math.max(worst, failures.filter((t) => t >= start && t < start + 3600).length);
  }
  return worst;
}

describe(loginFailureBudgets.name, () => {
  it('spends per-IP, per-IP-and-email and per-email budgets of 15 minutes', () => {
    const rules = loginFailureBudgets({ ip: '203.0.113.9', emailKey: 'e', known: false }, DEFAULTS);
    expect(rules).toEqual([
      { key: 'login-fail:ip:203.0.113.9', limit: 30, windowSeconds: LOGIN_FAILURE_WINDOW_SECONDS },
      { key: 'login-fail:ip-email:203.0.113.9:e', limit: 5, windowSeconds: 900 },
      // A fifth of 100 per 15 minutes, 80% of it for clients unknown to the account.
      { key: 'login-fail:email:e', limit: 16, windowSeconds: 900 },
    ]);
  });

  it('gives clients known to the account the whole per-email budget and no per-IP one', () => {
    const rules = loginFailureBudgets({ ip: '203.0.113.9', emailKey: 'e', known: true }, DEFAULTS);
    expect(rules.map((r) => [r.key, r.limit])).toEqual([
      ['login-fail:ip-email:203.0.113.9:e', 5],
      ['login-fail:email:e', 20],
    ]);
  });

  it('keeps at least one failure per window for unknown clients under the smallest limit', () => {
    const rules = loginFailureBudgets(
      { ip: 'x', emailKey: 'e', known: false },
      { ...DEFAULTS, perEmailPerHour: 5 },
    );
    expect(rules.at(-1)?.limit).toBe(1);
  });

  describe('against a simulated attack of 3 hours', () => {
    const seconds = 3 * 3600;
    const every = 1;

    it.each([1, 3, 40])(
      'never refuses the owner on a known device, whatever the attackers do (%i addresses)',
      (addresses) => {
        expect(
          simulate({ addresses, every, seconds, ownerIp: '203.0.113.7', ownerKnown: true }).refused,
        ).toBe(0);
      },
    );

    it.each([1, 2, 3])(
      'never refuses the owner on a new device while fewer than four addresses attack (%i)',
      (addresses) => {
        expect(
          simulate({ addresses, every, seconds, ownerIp: '203.0.113.7', ownerKnown: false })
            .refused,
        ).toBe(0);
      },
    );

    it('refuses a new device during a wide attack only until the current window ends', () => {
      const logins = new SimulatedLogins();
      logins.attempt(0, '198.51.100.1', VICTIM, false);
      for (let a = 0; a < 20; a += 1) logins.attempt(1, `198.51.100.${a}`, VICTIM, false);
      expect(logins.attempt(2, '203.0.113.7', VICTIM, true)).toBe(false);
      expect(logins.attempt(LOGIN_FAILURE_WINDOW_SECONDS - 1, '203.0.113.7', VICTIM, true)).toBe(
        false,
      );
      expect(logins.attempt(LOGIN_FAILURE_WINDOW_SECONDS, '203.0.113.7', VICTIM, true)).toBe(true);
    });

    it.each([
      [1, 1],
      [4, 1],
      [50, 5],
      [500, 30],
    ])(
      'never lets more than 100 failures on one email into any 60 minutes (%i addresses, every %i s)',
      (addresses, every) => {
        const { sim } = simulate({
          addresses,
          every,
          seconds,
          ownerIp: '203.0.113.7',
          ownerKnown: true,
        });
        expect(worstHour(sim.failures)).toBeLessThanOrEqual(100);
        expect(worstHour(sim.failures)).toBeGreaterThan(0);
      },
    );
  });

  it('holds the 100 in any 60 minutes against failures timed at the edges of the windows', () => {
    const logins = new SimulatedLogins();
    // Fresh addresses for every window, two of them known to the account (a shared NAT), so that
    // only the per-email budget limits them: each window is spent whole, the first at its end.
    const windows = [0, 1, 2, 3, 4, 5];
    for (const w of windows)
      for (const a of [0, 1]) logins.attempt(-1000, `192.0.${w}.${a}`, VICTIM, true);
    const spendAll = (now: number, w: number) => {
      for (let a = 0; a < 10; a += 1) {
        for (let i = 0; i < 5; i += 1) logins.attempt(now, `198.51.${w}.${a}`, VICTIM, false);
      }
      for (const a of [0, 1]) {
        for (let i = 0; i < 5; i += 1) logins.attempt(now, `192.0.${w}.${a}`, VICTIM, false);
      }
    };
    logins.attempt(0, '203.0.113.200', VICTIM, false);
    spendAll(LOGIN_FAILURE_WINDOW_SECONDS - 1, 0);
    for (const w of windows.slice(1)) spendAll(w * LOGIN_FAILURE_WINDOW_SECONDS, w);
    expect(logins.failures).toHaveLength(6 * 20);
    expect(worstHour(logins.failures)).toBe(99);
  });

  it('counts successes not at all: the owner signs in a thousand times from one address', () => {
    const logins = new SimulatedLogins();
    for (let now = 0; now < 1000; now += 1)
      expect(logins.attempt(now, '203.0.113.7', 'e', true)).toBe(true);
  });

  it("refuses one address guessing one account after 5 failures, not the owner's other addresses", () => {
    const logins = new SimulatedLogins();
    for (let i = 0; i < 5; i += 1)
      expect(logins.attempt(i, '198.51.100.1', VICTIM, false)).toBe(true);
    expect(logins.attempt(5, '198.51.100.1', VICTIM, true)).toBe(false);
    expect(logins.attempt(6, '203.0.113.7', VICTIM, true)).toBe(true);
    expect(logins.attempt(LOGIN_FAILURE_WINDOW_SECONDS, '198.51.100.1', VICTIM, true)).toBe(true);
  });

  it('refuses one address spraying many accounts after 30 failures, except on accounts it knows', () => {
    const logins = new SimulatedLogins();
    logins.attempt(0, '198.51.100.1', 'regular', true);
    for (let i = 0; i < 30; i += 1)
      expect(logins.attempt(1, '198.51.100.1', `e${i}`, false)).toBe(true);
    expect(logins.attempt(2, '198.51.100.1', 'another', false)).toBe(false);
    expect(logins.attempt(2, '198.51.100.1', 'another', true)).toBe(false);
    expect(logins.attempt(2, '198.51.100.1', 'regular', true)).toBe(true);
  });
});
