/**
 * The shapes real templates use, edge and storage (issue 9): Classic and
 * network load balancers, a load balancer type and scheme from parameters and
 * conditions, an attribute list with one conditional entry, REST and HTTP
 * APIs, a TLS-only bucket policy scoped to the objects, WAF managed rules
 * overridden to count and a CSP of `default-src *`. Each fixture under
 * test/fixtures/aws/shapes/edge/ was misjudged by the checks before this work
 * (the verdict before is in the comment of each case).
 */
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { loadFolder } from '../../../lib/checks/loader';
import { Finding } from '../../../lib/checks/model';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'shapes', 'edge');
const report = new GoLiveChecks({ printSummary: false, writeReports: false })._evaluateLoaded(loadFolder(DIR));

function findings(file: string, ruleId: string, resource: string): Finding[] {
  return report.findings.filter((f) => path.basename(f.file) === file && f.ruleId === ruleId && f.resource === resource);
}

/** The one status a rule gives a resource of a fixture (its findings never mix a pass with anything else). */
function status(file: string, ruleId: string, resource: string): string {
  const fs = findings(file, ruleId, resource);
  if (fs.length === 0) return 'none';
  const set: string[] = [...new Set(fs.map((f) => String(f.status)))];
  return set.includes('fail') ? 'fail' : set.includes('unknown') ? 'unknown' : set.join('+');
}

function message(file: string, ruleId: string, resource: string): string {
  return findings(file, ruleId, resource).map((f) => f.message).join(' | ');
}

describe('Classic Load Balancers are judged (before: every edge item pending)', () => {
  const f = 'classic-http-only.yaml';
  test.each([
    ['ClbHttpsListener', 'fail'],
    ['ClbNoPlainHttp', 'fail'],
    ['ClbAccessLogs', 'fail'],
    ['ClbConnectionDraining', 'fail'],
    ['EdgeDnsAlias', 'fail'],
  ])('HTTP-only: %s %s', (rule, expected) => expect(status(f, rule, 'WebElb')).toBe(expected));

  const p = 'classic-https-parameters.yaml';
  test('a negotiation policy looked up per environment is judged in each (before: no finding)', () => {
    expect(status(p, 'ClbHttpsListener', 'WebElb')).toBe('unknown');
    expect(message(p, 'ClbHttpsListener', 'WebElb')).toMatch(/fails when parameter Environment = staging: .*ELBSecurityPolicy-2016-08/);
  });
  test('access logs switched by a condition are unknown, naming the parameter (before: no finding)', () => {
    expect(status(p, 'ClbAccessLogs', 'WebElb')).toBe('unknown');
    expect(message(p, 'ClbAccessLogs', 'WebElb')).toMatch(/parameter Environment/);
  });
  test('HTTPS only and connection draining pass (before: no finding)', () => {
    expect(status(p, 'ClbNoPlainHttp', 'WebElb')).toBe('pass');
    expect(status(p, 'ClbConnectionDraining', 'WebElb')).toBe('pass');
  });
  test('its log bucket is a log-delivery target, exempt from KMS (before: fail)', () => {
    expect(status(p, 'S3BucketKmsEncrypted', 'LogBucket')).toBe('pass');
  });
});

describe('a load balancer whose type and scheme come from parameters is judged in every world (before: skipped)', () => {
  const f = 'nlb-and-alb-scheme-parameters.yaml';
  test('WAF: fails when internet-facing, does not apply when internal (before: no finding)', () => {
    expect(status(f, 'WafWebAcl', 'LoadBalancer')).toBe('unknown');
    expect(message(f, 'WafWebAcl', 'LoadBalancer')).toMatch(/parameter Scheme = internet-facing/);
  });
  test('the network flavour needs access logs, the application one its own (before: no finding)', () => {
    expect(status(f, 'NlbAccessLogs', 'LoadBalancer')).toBe('unknown');
    expect(message(f, 'NlbAccessLogs', 'LoadBalancer')).toMatch(/parameter Protocol = TCP/);
    expect(status(f, 'AlbAccessLogs', 'LoadBalancer')).toBe('unknown');
  });
  test('an HTTPS or TLS listener in every world passes (before: unknown)', () => {
    expect(status(f, 'ElbHttpsListener', 'LoadBalancer')).toBe('pass');
    expect(status(f, 'ElbHttpsListener', 'Listener')).toBe('pass');
  });
  test('security headers are asked of the public application flavour only (before: no finding)', () => {
    expect(status(f, 'HeadersHsts', 'Listener')).toBe('unknown');
    expect(message(f, 'HeadersHsts', 'Listener')).toMatch(/parameter Protocol = HTTP, parameter Scheme = internet-facing/);
  });
});

describe('an attribute list with one conditional entry (before: every unset attribute unknown)', () => {
  const f = 'alb-conditional-attributes.yaml';
  test('a key no entry sets is judged as absent: access logs off fails (before: unknown)', () => {
    expect(status(f, 'AlbAccessLogs', 'AppLoadBalancer')).toBe('fail');
  });
  test('the conditional key itself depends on the condition', () => {
    expect(status(f, 'ElbDeletionProtection', 'AppLoadBalancer')).toBe('unknown');
    expect(message(f, 'ElbDeletionProtection', 'AppLoadBalancer')).toMatch(/fails when parameter Stage = dev/);
  });
  test('keys set by plain entries pass', () => {
    expect(status(f, 'AlbDropInvalidHeaders', 'AppLoadBalancer')).toBe('pass');
    expect(status(f, 'AlbDesyncMitigation', 'AppLoadBalancer')).toBe('pass');
  });
});

describe('API Gateway (before: a public API exits clean)', () => {
  const r = 'api-rest-public.yaml';
  test.each([
    ['ApiGatewayAuthorization', 'OrdersGet', 'fail'],
    ['ApiGatewayAuthorization', 'OrdersOptions', 'none'],
    ['ApiGatewayAccessLogs', 'Deployment', 'fail'],
    ['ApiGatewayThrottling', 'Deployment', 'fail'],
    ['WafWebAcl', 'Deployment', 'fail'],
    ['ApiGatewayDomainTls', 'Api', 'fail'],
  ])('REST: %s %s → %s', (rule, resource, expected) => expect(status(r, rule, resource)).toBe(expected));
  test('the public method is named by its path', () => {
    expect(message(r, 'ApiGatewayAuthorization', 'OrdersGet')).toMatch(/GET \/orders is public/);
  });

  const h = 'api-http-jwt.yaml';
  test.each([
    ['ApiGatewayAuthorization', 'OrdersRoute', 'pass'],
    ['ApiGatewayAuthorization', 'HealthRoute', 'fail'],
    ['ApiGatewayAccessLogs', 'DefaultStage', 'unknown'],
    ['ApiGatewayThrottling', 'DefaultStage', 'unknown'],
    ['ApiGatewayDomainTls', 'Domain', 'pass'],
  ])('HTTP: %s %s → %s', (rule, resource, expected) => expect(status(h, rule, resource)).toBe(expected));
  test('a throttle of -1 in dev is no throttle', () => {
    expect(message(h, 'ApiGatewayThrottling', 'DefaultStage')).toMatch(/fails when parameter Stage = dev/);
  });
});

describe('a TLS-only bucket policy counts only over the whole bucket', () => {
  const f = 'bucket-tls-objects-only.yaml';
  test('a Deny on ARN/* only fails (before: pass)', () => {
    expect(status(f, 'S3BucketTlsOnly', 'DataBucket')).toBe('fail');
    expect(message(f, 'S3BucketTlsOnly', 'DataBucket')).toMatch(/covers its objects, not the whole bucket/);
  });
  test('literal ARNs naming the bucket and its objects pass', () => {
    expect(status(f, 'S3BucketTlsOnly', 'ArchiveBucket')).toBe('pass');
  });
});

describe('escape hatches of issue 13', () => {
  const f = 'alb-waf-count-and-weak-csp.yaml';
  test('the common rule set with rules overridden to count fails WAF-WEB-ACL (before: pass)', () => {
    expect(status(f, 'WafWebAcl', 'Alb')).toBe('fail');
    expect(message(f, 'WafWebAcl', 'Alb')).toMatch(/SizeRestrictions_BODY, CrossSiteScripting_BODY/);
  });
  test('a CSP of default-src * set on the listener fails (before: pass)', () => {
    expect(status(f, 'HeadersCsp', 'HttpsListener')).toBe('fail');
  });
});
