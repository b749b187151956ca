/**
 * The TLS policies that negotiate TLS 1.2 or newer only, per service: what the
 * constructs refuse below (EDGE-HTTPS-LISTENER, EDGE-CDN, DB-TLS-ENFORCED) and
 * the checks fail.
 * @internal
 */

/**
 * ELB security policies (ALB/NLB listeners, Classic LB predefined policies)
 * that negotiate TLS 1.2+ only: every `ELBSecurityPolicy-TLS13-1-2-*` /
 * `-TLS13-1-3-*` (including the FIPS and post-quantum variants), the
 * forward-secrecy `FS-1-2-*` policies and `TLS-1-2-*`. The ELB default
 * `ELBSecurityPolicy-2016-08` accepts TLS 1.0.
 */
const ELB_TLS12_PLUS = [/^ELBSecurityPolicy-TLS13-1-[23]-/, /^ELBSecurityPolicy-FS-1-2-/, /^ELBSecurityPolicy-TLS-1-2-/];

/** Whether an ELB security policy name allows only TLS 1.2+. @internal */
export function isElbTls12Policy(name: string): boolean {
  return ELB_TLS12_PLUS.some((r) => r.test(name));
}

/** Classic Load Balancer negotiation-policy attributes that enable a protocol older than TLS 1.2. @internal */
export const CLASSIC_PROTOCOLS_BELOW_TLS12: readonly string[] = ['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1'];

/** CloudFront viewer security policies that negotiate TLS 1.2+ with modern ciphers (TLSv1.2_2021 or newer). */
const CLOUDFRONT_MODERN = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];

/** Whether a CloudFront `MinimumProtocolVersion` is TLSv1.2_2021 or newer. @internal */
export function isCloudFrontModernTls(minimumProtocolVersion: string): boolean {
  return CLOUDFRONT_MODERN.includes(minimumProtocolVersion);
}

/**
 * API Gateway security policies that accept TLS 1.2 or newer only: the legacy
 * `TLS_1_2`, and the enhanced `SecurityPolicy_TLS13_1_2_*`,
 * `SecurityPolicy_TLS13_1_3_*`, `SecurityPolicy_TLS13_<year>_EDGE` and
 * `SecurityPolicy_TLS12_*` policies. `TLS_1_0` (the default of REST custom
 * domains and of the default endpoints) accepts TLS 1.0.
 */
const API_TLS12_PLUS = [/^TLS_1_2$/, /^SecurityPolicy_TLS13_1_[23]_/, /^SecurityPolicy_TLS13_\d{4}_EDGE$/, /^SecurityPolicy_TLS12_/];

/** Whether an API Gateway security policy name accepts only TLS 1.2+. @internal */
export function isApiGatewayTls12Policy(name: string): boolean {
  return API_TLS12_PLUS.some((r) => r.test(name));
}

/** Database protocol versions older than TLS 1.2 (PostgreSQL `ssl_min_protocol_version`, MySQL `tls_version`). */
const DB_WEAK_TLS = /^tlsv1(\.[01])?$/i;

/**
 * The protocol versions older than TLS 1.2 that a database TLS setting lets in:
 * PostgreSQL `ssl_min_protocol_version` (one version) or MySQL `tls_version`
 * (a comma-separated list). Empty when it requires TLS 1.2+.
 * @internal
 */
export function weakDbTlsVersions(value: string): string[] {
  return value.split(',').map((x) => x.trim()).filter((x) => DB_WEAK_TLS.test(x));
}
