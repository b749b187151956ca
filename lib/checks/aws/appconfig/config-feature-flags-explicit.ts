import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { BOOLEAN, present, serviceSettings, textOf } from './settings';

const FLAG = /^(ENABLE|DISABLE|FEATURE|FF|FLAG)_|_(ENABLED|DISABLED)$/;

/**
 * CONFIG-FEATURE-FLAGS: feature flags declared on service compute carry an
 * explicit on/off value.
 *
 * Decisions: which flags the application reads is not in the template, so a
 * flag the compute omits cannot be caught. What can be: every `ENABLE_*`,
 * `DISABLE_*`, `FEATURE_*`, `FF_*`, `*_ENABLED`, `*_DISABLED` variable holds a
 * boolean (true/false, 1/0, yes/no, on/off, enabled/disabled); anything else
 * (empty, "maybe", "auto") leaves the decision to the application's parsing and
 * fails. A value decided at deploy time is unknown. Compute without flags is
 * not judged. An ECS container that loads environment files
 * (`EnvironmentFiles`) is unknown unless an inline flag fails, with or
 * without inline flags: the file may add flags (inline variables win only for
 * the same names).
 */
export const ConfigFeatureFlagsExplicit: AwsRule = {
  id: 'ConfigFeatureFlagsExplicit',
  items: ['CONFIG-FEATURE-FLAGS'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.LOW,
  description: 'Feature flags (ENABLE_*, FEATURE_*, *_ENABLED...) on service compute are set to an explicit boolean.',
  fix: 'Set every flag to true or false for production (ENABLE_SIGNUP: "true").',
  check(res, { index }) {
    const sources = serviceSettings(res, index);
    if (!sources) return undefined;
    const out: Verdict[] = [];
    for (const src of sources) {
      const flags = src.settings.filter((s) => !s.fromSecret && FLAG.test(s.name.toUpperCase()) && present(s));
      if (flags.length === 0) {
        if (src.env.envFiles) out.push(unknown(src.path, undefined, `${src.label}: no flag inline; the container's environment files may set flags`));
        continue;
      }
      const bad = flags.filter((s) => { const t = textOf(s.val); return s.val.k !== 'unknown' && (t === undefined || !BOOLEAN.test(t.trim())); });
      const open = flags.filter((s) => s.val.k === 'unknown');
      if (bad.length > 0) out.push(fail(src.path, bad.map((s) => `${s.name}=${textOf(s.val) ?? '(computed)'}`).join(', '), `${src.label}: flag(s) without an explicit on/off value: ${bad.map((s) => s.name).join(', ')}`));
      else if (open.length > 0) out.push(unknown(src.path, open.map((s) => s.name).join(', '), `${src.label}: flag(s) decided at deploy time: ${open.map((s) => s.name).join(', ')}`));
      else if (src.env.envFiles) out.push(unknown(src.path, flags.map((s) => `${s.name}=${textOf(s.val)}`).join(', '), `${src.label}: ${flags.length} flag(s) set explicitly inline, but the container's environment files may set more`));
      else out.push(pass(src.path, flags.map((s) => `${s.name}=${textOf(s.val)}`).join(', '), `${src.label}: ${flags.length} flag(s) set explicitly`));
    }
    return out.length > 0 ? out : undefined;
  },
};
