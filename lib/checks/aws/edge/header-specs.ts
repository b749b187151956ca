import { V } from '../../template-index';
import { HeaderSpec } from './headers';
import { weakCsp } from '../../../checklist/policy/csp';
import { hstsDirectives } from '../../../checklist/policy/hsts';

const HSTS_KEY = 'hstsMaxAgeSeconds';

/** Strict-Transport-Security: max-age >= hstsMaxAgeSeconds and includeSubDomains, in a value a browser applies (`hstsDirectives`: a repeated directive or a max-age that is not digits makes it ignore the header). @internal */
export const HSTS: HeaderSpec = {
  header: 'Strict-Transport-Security',
  cloudFrontKey: 'StrictTransportSecurity',
  albKey: 'routing.http.response.strict_transport_security.header_value',
  fromCloudFront(index, sec) {
    const hsts = index.field(sec, 'StrictTransportSecurity');
    if (hsts.k !== 'lit') return hsts;
    const age = index.field(hsts, 'AccessControlMaxAgeSec');
    const subs = index.field(hsts, 'IncludeSubdomains');
    if (age.k === 'unknown') return age;
    if (subs.k === 'unknown') return subs;
    return { k: 'lit', v: `max-age=${V.show(age)}${V.isTrue(subs) ? '; includeSubDomains' : ''}${V.isTrue(index.field(hsts, 'Preload')) ? '; preload' : ''}` };
  },
  judge(value, { thresholds }) {
    const d = hstsDirectives(value);
    const t = thresholds.get(HSTS_KEY);
    if ('ignored' in d) return d.ignored;
    if (d.maxAge === undefined) return 'has no max-age';
    if (!thresholds.meets(HSTS_KEY, Number(d.maxAge))) return `max-age ${d.maxAge} is below ${HSTS_KEY} ${t}`;
    if (!d.includeSubDomains) return 'lacks includeSubDomains';
    return undefined;
  },
};

/** X-Content-Type-Options: nosniff. @internal */
export const NOSNIFF: HeaderSpec = {
  header: 'X-Content-Type-Options',
  cloudFrontKey: 'ContentTypeOptions',
  albKey: 'routing.http.response.x_content_type_options.header_value',
  fromCloudFront(index, sec) {
    const cto = index.field(sec, 'ContentTypeOptions');
    return cto.k === 'lit' ? { k: 'lit', v: 'nosniff' } : cto;
  },
  judge: (value) => value.trim().toLowerCase() === 'nosniff' ? undefined : `is "${value}", not nosniff`,
};

/** X-Frame-Options: DENY or SAMEORIGIN. @internal */
export const FRAME_OPTIONS: HeaderSpec = {
  header: 'X-Frame-Options',
  cloudFrontKey: 'FrameOptions',
  albKey: 'routing.http.response.x_frame_options.header_value',
  fromCloudFront(index, sec) {
    const fo = index.field(sec, 'FrameOptions');
    return fo.k === 'lit' ? index.field(fo, 'FrameOption') : fo;
  },
  judge: (value) => ['DENY', 'SAMEORIGIN'].includes(value.trim().toUpperCase()) ? undefined : `is "${value}", not DENY or SAMEORIGIN`,
};

/** Content-Security-Policy: restricts scripts as a CSP 3 browser enforces it (see `weakCsp`). @internal */
export const CSP: HeaderSpec = {
  header: 'Content-Security-Policy',
  cloudFrontKey: 'ContentSecurityPolicy',
  albKey: 'routing.http.response.content_security_policy.header_value',
  fromCloudFront(index, sec) {
    const csp = index.field(sec, 'ContentSecurityPolicy');
    return csp.k === 'lit' ? index.field(csp, 'ContentSecurityPolicy') : csp;
  },
  judge: (value) => weakCsp(value),
};

/** Referrer policies that never send the full URL to another origin (OWASP: strict-origin-when-cross-origin or stricter). */
const SAFE_REFERRER = new Set(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']);

/** Referrer-Policy: strict-origin-when-cross-origin or stricter. An ALB cannot add it. @internal */
export const REFERRER_POLICY: HeaderSpec = {
  header: 'Referrer-Policy',
  cloudFrontKey: 'ReferrerPolicy',
  fromCloudFront(index, sec) {
    const rp = index.field(sec, 'ReferrerPolicy');
    return rp.k === 'lit' ? index.field(rp, 'ReferrerPolicy') : rp;
  },
  judge(value) {
    // The header may list fallbacks; the last policy the browser knows wins.
    const last = value.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '').pop() ?? '';
    return SAFE_REFERRER.has(last) ? undefined : `is "${value}", which leaks URLs to other origins (use strict-origin-when-cross-origin or stricter)`;
  },
};

/** X-XSS-Protection: set explicitly to a valid value. An ALB cannot add it. @internal */
export const XSS_PROTECTION: HeaderSpec = {
  header: 'X-XSS-Protection',
  cloudFrontKey: 'XSSProtection',
  fromCloudFront(index, sec) {
    const x = index.field(sec, 'XSSProtection');
    if (x.k !== 'lit') return x;
    const on = index.field(x, 'Protection');
    if (on.k === 'unknown') return on;
    if (!V.isTrue(on)) return { k: 'lit', v: '0' };
    const report = V.str(index.field(x, 'ReportUri'));
    return { k: 'lit', v: `1${V.isTrue(index.field(x, 'ModeBlock')) ? '; mode=block' : ''}${report ? `; report=${report}` : ''}` };
  },
  judge: (value) => /^\s*(0|1(\s*;\s*(mode=block|report=\S+))*)\s*$/i.test(value) ? undefined : `is "${value}", not 0, 1 or 1; mode=block`,
};
