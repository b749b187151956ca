/**
 * Conformance of the edge: a stack built from HttpsEndpoint in front of a Lambda
 * service, in a three-zone VPC with flow logs, passes GoLiveChecks (the TLS/edge,
 * WAF, security headers, network and health check sections), cdk-nag (AwsSolutions,
 * NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1) with every remaining finding
 * acknowledged with a reason, and the CDK's CloudFormation validation. Two
 * regions: eu-west-1, where the static assets' certificate and CloudFront web
 * ACL come from us-east-1 by ARN (EDGE-CERTIFICATE-MANAGED and the CloudFront WAF items are unknown there: an ARN
 * written as text does not show how the certificate is renewed, nor the web ACL's rules), and us-east-1, where the
 * construct creates them. The acknowledgements are listed in docs/acknowledgements-edge.md (a test
 * checks it).
 *
 * The synth with the CDK's CloudFormation validation is in cfn-validation-conformance.test.ts, with the
 * other suites' apps: the validation loads its rules once per test file.
 */
import { Section } from '../../lib/checklist/types';
import { GoLiveChecks } from '../../lib/checks';
import { unacknowledgedNagFindings, undocumentedAcknowledgements, unmirroredNistAcknowledgements } from '../nag';
import { build } from './conformance/edge';

const REGIONS = ['eu-west-1', 'us-east-1'];

/** The sections this construct answers for; alarms, dashboards and deployment items belong to other constructs. */
const SECTIONS = [Section.TLS_EDGE, Section.WAF, Section.SECURITY_HEADERS, Section.NETWORK, Section.HEALTH_CHECKS];

function show(f: { ruleId: string; itemIds: string[]; constructPath?: string; resource?: string; message: string }): string {
  return `${f.ruleId} [${f.itemIds.join(',')}] ${f.constructPath ?? f.resource}: ${f.message}`;
}

describe.each(REGIONS)('%s', (region) => {
  test('GoLiveChecks: no violation in the edge, WAF, headers, network and health sections but the external probe', () => {
    const { app } = build(region);
    const report = new GoLiveChecks({ sections: SECTIONS, printSummary: false, writeReports: false }).checkApp(app);
    // HEALTH-EXTERNAL-PROBE (a canary or Route 53 health check with an alarm) is not the endpoint's:
    // Route 53 health check metrics exist in us-east-1 only, so the probe lives with the alarms.
    expect(report.violations().map(show)).toEqual([
      expect.stringMatching(/^ExternalHealthProbe \[HEALTH-EXTERNAL-PROBE\] Edge-[a-z0-9-]+\/Service\/Resource: no canary or health check probes/),
    ]);
    expect(report.unknowns().map(show)).toEqual(region === 'us-east-1' ? [] : [
      // The CloudFront certificate is passed by ARN from a us-east-1 stack: imported or DNS-validated is not told by its ARN.
      expect.stringMatching(/^EdgeCertificateManaged \[EDGE-CERTIFICATE-MANAGED\] .*StaticAssetsDistribution.*ACM certificate arn:aws:acm:us-east-1:[^ ]+ is not in this template/),
      // Its expiry alarm is in that us-east-1 stack too (ACM publishes DaysToExpiry in the certificate's region).
      expect.stringMatching(/^AcmCertificateExpiryAlarm \[EDGE-CERTIFICATE-EXPIRY-ALARM\] .*StaticAssetsDistribution.*arn:aws:acm:us-east-1:[^ ]+, is none of this template's, and no alarm here watches its DaysToExpiry/),
      // The CloudFront web ACL is passed by ARN from a us-east-1 stack: its rules are judged there.
      expect.stringMatching(/^WafWebAcl \[WAF-WEB-ACL\] .*StaticAssetsDistribution.*not in this template/),
      expect.stringMatching(/^WafRateLimit \[WAF-RATE-LIMIT\] .*StaticAssetsDistribution.*not in this template/),
    ]);
    for (const item of ['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', ...(region === 'us-east-1' ? ['EDGE-CERTIFICATE-MANAGED', 'EDGE-CERTIFICATE-EXPIRY-ALARM'] : []),
      'EDGE-DROP-INVALID-HEADERS', 'EDGE-DESYNC-MITIGATION', 'EDGE-LB-DELETION-PROTECTION', 'EDGE-ACCESS-LOGS', 'EDGE-REVERSE-PROXY',
      'EDGE-CDN', 'EDGE-DNS', 'EDGE-CORS', 'HEADERS-HSTS', 'HEADERS-CONTENT-TYPE-OPTIONS', 'HEADERS-FRAME-OPTIONS', 'HEADERS-CSP',
      'NET-FLOW-LOGS', 'NET-PRIVATE-SUBNETS', 'NET-RESTRICTED-INGRESS', 'HEALTH-ENDPOINT',
      ...(region === 'us-east-1' ? ['WAF-WEB-ACL', 'WAF-RATE-LIMIT'] : [])]) {
      expect([item, report.statusOf(item)]).toEqual([item, 'satisfied']);
    }
    // The distribution sends Referrer-Policy and X-XSS-Protection; the service's own responses come through the load
    // balancer, which cannot: only the application can, so the items are unknown beside it (and not claimed).
    for (const item of ['HEADERS-RESPONSE-POLICY', 'HEADERS-XSS-PROTECTION']) {
      expect([item, report.statusOf(item), report.items.find((i) => i.id === item)!.reason]).toEqual([item, 'unknown', expect.stringMatching(/AWS::ElasticLoadBalancingV2::LoadBalancer/)]);
    }
  });

  test('GoLiveChecks: the other items the endpoint claims are satisfied', () => {
    const { app } = build(region);
    const items = ['KMS-KEY-ROTATION', 'ALARM-ACTIONS', 'ALARM-TOPIC-ENCRYPTED', 'LOG-RETENTION', 'LOG-ENCRYPTED', 'HA-MULTI-AZ'];
    const report = new GoLiveChecks({ items, printSummary: false, writeReports: false }).checkApp(app);
    expect(report.violations().map(show)).toEqual([]);
    for (const item of items) expect([item, report.statusOf(item)]).toEqual([item, 'satisfied']);
  });

  test('cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1: every finding acknowledged', () => {
    const { app } = build(region);
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  test('every acknowledgement has a reason and is listed in docs/acknowledgements-edge.md; the NIST ones are made under HIPAA and PCI too', () => {
    const { app } = build(region);
    expect(undocumentedAcknowledgements(app, 'acknowledgements-edge.md')).toEqual([]);
    expect(unmirroredNistAcknowledgements(app)).toEqual([]);
  });
});
