import { normaliseName } from './secret-names';

// Session and token lifetimes (CONFIG-SESSION-LIMITS): which settings show that an application signs
// sessions or tokens, which declare their lifetime, and which lifetimes are bounded. Shared by the
// ConfigSessionLimits rule and ProductionService.

/** Settings that show the application signs sessions or tokens. */
const SIGNS = /(^|_)(SECRET_KEY|SESSION_SECRET|SESSION_KEY|JWT_SECRET|JWT_KEY|JWT_SIGNING_KEY|JWT_PRIVATE_KEY|COOKIE_SECRET|TOKEN_SECRET|AUTH_SECRET|NEXTAUTH_SECRET|APP_KEY|SIGNING_KEY)$/;
/** Session/token lifetime settings. */
const SUBJECT = /SESSION|TOKEN|JWT|COOKIE|LOGIN|REFRESH|ACCESS/;
const SPAN = /TIMEOUT|TTL|EXPIRE|EXPIRES|EXPIRY|EXPIRATION|LIFETIME|MAX_AGE|AGE|VALIDITY|DURATION/;
const SPAN_FIRST = /TIMEOUT|TTL|EXPIRE|EXPIRY|LIFETIME|MAX_AGE/;
const SUBJECT_AFTER = /SESSION|TOKEN|JWT/;
const DURATION = /^(\d+(\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)?$|^P(T?\d+[SMHDW])+$/i;

/** Whether a setting (any case style) holds a key that signs sessions or tokens (SESSION_SECRET, JWT_SECRET, ...). @internal */
export function signsSessions(name: string): boolean {
  return SIGNS.test(normaliseName(name));
}

/**
 * Whether a setting (any case style) declares a session/token lifetime: a subject word followed
 * (anywhere later) by a span word, or a span word followed by session/token/JWT. Two searches per
 * order instead of `/(A).*(B)|(C).*(D)/`, which restarts `.*` at every match of A and is quadratic on
 * long names; the first match of the first word leaves the most room for the second, so the answer
 * is the same.
 * @internal
 */
export function isSessionLifetimeName(name: string): boolean {
  return normaliseName(name).split(/[\n\r\u2028\u2029]/).some((l) => followedBy(l, SUBJECT, SPAN) || followedBy(l, SPAN_FIRST, SUBJECT_AFTER));
}

/** Whether a lifetime value is a positive number or duration (0, -1, empty, "never" are not). @internal */
export function isBoundedLifetime(text: string): boolean {
  const m = DURATION.exec(text.trim());
  if (!m) return false;
  return m[1] === undefined ? true : Number(m[1]) > 0;
}

/** Whether a setting caps concurrent sessions (reported, not required). @internal */
export function capsConcurrentSessions(name: string): boolean {
  return /CONCURRENT_SESSIONS|MAX_SESSIONS/.test(normaliseName(name));
}

function followedBy(text: string, first: RegExp, then: RegExp): boolean {
  const m = first.exec(text);
  return m !== null && then.test(text.slice(m.index + m[0].length));
}
