import { ssoTokenRefused } from '@parley/identity';
import { unstorableReason } from '@parley/text';

/** The longest plan label kept (a publisher's own name for the plan: "digital", "premium-2026"…). */
export const PUBLISHER_PLAN_MAX = 100;
/** The latest `until` read (9999-12-31T23:59:59Z): beyond it a Date cannot be stored. */
const UNTIL_MAX_SECONDS = 253_402_300_799;

/** What a sign-in token says about posting rights: granted until `until`, or none. */
export interface PublisherEntitlementClaim {
  until: Date;
  plan: string | null;
}

/**
 * Reads the optional `entitlement` claim of a publisher's sign-in token:
 * `{"commenting": true, "until": <unix seconds>, "plan": "<label>"}` grants posting rights until
 * `until` (a past `until` grants nothing); absent, null or `commenting: false` means none, so a
 * later token without it withdraws them. `plan` is optional. Unknown members are ignored (the
 * publisher may send more); a claim of the wrong shape refuses the whole token (401
 * invalid_token) rather than be guessed at.
 */
export function readPublisherEntitlementClaim(value: unknown): PublisherEntitlementClaim | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw refused('must be an object');
  const { commenting, until, plan } = value as Record<string, unknown>;
  if (typeof commenting !== 'boolean') throw refused('needs commenting: true or false');
  if (plan !== undefined && plan !== null && !isPlan(plan))
    throw refused(`needs a plan of 1–${PUBLISHER_PLAN_MAX} characters, or none`);
  if (!commenting) return null;
  if (
    typeof until !== 'number' ||
    !Number.isInteger(until) ||
    until < 0 ||
    until > UNTIL_MAX_SECONDS
  )
    throw refused('needs until: a whole number of seconds since 1970');
  return { until: new Date(until * 1000), plan: typeof plan === 'string' ? plan : null };
}

function isPlan(plan: unknown): plan is string {
  return (
    typeof plan === 'string' &&
    plan.length > 0 &&
    plan.length <= PUBLISHER_PLAN_MAX &&
    unstorableReason(plan) === null
  );
}

function refused(problem: string) {
  return ssoTokenRefused(`The entitlement claim ${problem}`);
}
