import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { capsConcurrentSessions, isBoundedLifetime, isSessionLifetimeName, signsSessions } from '../../../checklist/policy/sessions';
import { present, serviceSettings, textOf } from './settings';

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
 * framework default, unstated, applies; unknown when the ECS container loads
 * environment files, which may declare it). There is no catalog threshold for the
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
      const signer = src.settings.find((s) => signsSessions(s.name) && present(s));
      if (!signer) continue;
      const lifetimes = src.settings.filter((s) => !s.fromSecret && isSessionLifetimeName(s.name) && present(s));
      const concurrency = src.settings.find((s) => capsConcurrentSessions(s.name) && present(s));
      if (lifetimes.length === 0) {
        if (src.env.envFiles) {
          out.push(unknown(src.path, signer.name, `${src.label} signs sessions/tokens (${signer.name}) and declares no session or token lifetime inline; the container's environment files may declare it`));
          continue;
        }
        out.push(fail(src.path, signer.name, `${src.label} signs sessions/tokens (${signer.name}) but declares no session or token lifetime: the framework default, unstated, applies`));
        continue;
      }
      const bad = lifetimes.filter((s) => { const t = textOf(s.val); return s.val.k !== 'unknown' && (t === undefined || !isBoundedLifetime(t)); });
      const open = lifetimes.filter((s) => s.val.k === 'unknown');
      const shown = lifetimes.map((s) => `${s.name}=${textOf(s.val) ?? '(computed)'}`).join(', ');
      if (bad.length > 0) out.push(fail(src.path, shown, `${src.label}: lifetime(s) not bounded: ${bad.map((s) => `${s.name}=${textOf(s.val) ?? '(computed)'}`).join(', ')}`));
      else if (open.length > 0) out.push(unknown(src.path, shown, `${src.label}: lifetime(s) decided at deploy time: ${open.map((s) => s.name).join(', ')}`));
      else out.push(pass(src.path, shown, `${src.label}: session/token lifetimes bounded (${shown})${concurrency ? `; ${concurrency.name}=${textOf(concurrency.val) ?? '(computed)'}` : ''}`));
    }
    return out.length > 0 ? out : undefined;
  },
};
