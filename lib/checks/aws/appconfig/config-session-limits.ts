import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { normaliseName } from '../../cfn/secret-values';
import { present, serviceSettings, textOf } from './settings';

/** Settings that show the application signs sessions or tokens. */
const SIGNS = /(^|_)(SECRET_KEY|SESSION_SECRET|SESSION_KEY|JWT_SECRET|JWT_KEY|JWT_SIGNING_KEY|JWT_PRIVATE_KEY|COOKIE_SECRET|TOKEN_SECRET|AUTH_SECRET|NEXTAUTH_SECRET|APP_KEY|SIGNING_KEY)$/;
/** Session/token lifetime settings. */
const SUBJECT = /SESSION|TOKEN|JWT|COOKIE|LOGIN|REFRESH|ACCESS/;
const SPAN = /TIMEOUT|TTL|EXPIRE|EXPIRES|EXPIRY|EXPIRATION|LIFETIME|MAX_AGE|AGE|VALIDITY|DURATION/;
const SPAN_FIRST = /TIMEOUT|TTL|EXPIRE|EXPIRY|LIFETIME|MAX_AGE/;
const SUBJECT_AFTER = /SESSION|TOKEN|JWT/;

/**
 * A session/token lifetime setting: a subject word followed (anywhere later) by
 * a span word, or a span word followed by session/token/JWT. Two searches per
 * order instead of `/(A).*(B)|(C).*(D)/`, which restarts `.*` at every match
 * of A and is quadratic on long names; the first match of the first word
 * leaves the most room for the second, so the answer is the same.
 */
function isLifetime(name: string): boolean {
  return name.split(/[\n\r\u2028\u2029]/).some((l) => followedBy(l, SUBJECT, SPAN) || followedBy(l, SPAN_FIRST, SUBJECT_AFTER));
}

function followedBy(text: string, first: RegExp, then: RegExp): boolean {
  const m = first.exec(text);
  return m !== null && then.test(text.slice(m.index + m[0].length));
}
const DURATION = /^(\d+(\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)?$|^P(T?\d+[SMHDW])+$/i;

function bounded(t: string): boolean {
  const s = t.trim();
  const m = DURATION.exec(s);
  if (!m) return false;
  return m[1] === undefined ? true : Number(m[1]) > 0;
}

/**
 * CONFIG-SESSION-LIMITS: service compute that signs sessions or tokens
 * declares their lifetime.
 *
 * Decisions: the rule applies when the compute carries a session/token
 * signing key (SECRET_KEY, JWT_SECRET, SESSION_SECRET, ... in its environment
 * or secrets) — a service without one issues no sessions and is not judged.
 * It then needs at least one lifetime setting (SESSION_TIMEOUT_MINUTES,
 * ACCESS_TOKEN_EXPIRE_MINUTES, JWT_TTL, SESSION_COOKIE_AGE, ...) with a
 * positive number or duration; 0, -1, empty, "never" fail; missing fails (the
 * framework default, unstated, applies). There is no catalog threshold for the
 * length, so none is applied; MAX_CONCURRENT_SESSIONS is reported, not required.
 * Cognito app clients always bound their tokens and are not judged.
 */
export const ConfigSessionLimits: AwsRule = {
  id: 'ConfigSessionLimits',
  items: ['CONFIG-SESSION-LIMITS'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.MEDIUM,
  description: 'Service compute that signs sessions or tokens declares their lifetime (SESSION_TIMEOUT_*, ACCESS_TOKEN_EXPIRE_*, JWT_TTL...) with a positive value.',
  fix: 'Declare the session and token lifetimes on the compute, e.g. ACCESS_TOKEN_EXPIRE_MINUTES: "15", SESSION_TIMEOUT_MINUTES: "30".',
  check(res, { index }) {
    const sources = serviceSettings(res, index);
    if (!sources) return undefined;
    const out: Verdict[] = [];
    for (const src of sources) {
      const names = src.settings.map((s) => normaliseName(s.name));
      const signer = src.settings.find((s, i) => SIGNS.test(names[i]) && present(s));
      if (!signer) continue;
      const lifetimes = src.settings.filter((s, i) => !s.fromSecret && isLifetime(names[i]) && present(s));
      const concurrency = src.settings.find((s) => /CONCURRENT_SESSIONS|MAX_SESSIONS/.test(normaliseName(s.name)) && present(s));
      if (lifetimes.length === 0) {
        out.push(fail(src.path, signer.name, `${src.label} signs sessions/tokens (${signer.name}) but declares no session or token lifetime: the framework default, unstated, applies`));
        continue;
      }
      const bad = lifetimes.filter((s) => { const t = textOf(s.val); return s.val.k !== 'unknown' && (t === undefined || !bounded(t)); });
      const open = lifetimes.filter((s) => s.val.k === 'unknown');
      const shown = lifetimes.map((s) => `${s.name}=${textOf(s.val) ?? '(computed)'}`).join(', ');
      if (bad.length > 0) out.push(fail(src.path, shown, `${src.label}: lifetime(s) not bounded: ${bad.map((s) => `${s.name}=${textOf(s.val) ?? '(computed)'}`).join(', ')}`));
      else if (open.length > 0) out.push(unknown(src.path, shown, `${src.label}: lifetime(s) decided at deploy time: ${open.map((s) => s.name).join(', ')}`));
      else out.push(pass(src.path, shown, `${src.label}: session/token lifetimes bounded (${shown})${concurrency ? `; ${concurrency.name}=${textOf(concurrency.val) ?? '(computed)'}` : ''}`));
    }
    return out.length > 0 ? out : undefined;
  },
};
