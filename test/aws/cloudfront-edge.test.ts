import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CloudFrontEdge } from '../../lib/aws/cloudfront-edge';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';

function build(region: string | undefined) {
  const app = new App();
  const stack = new Stack(app, 'Edge', { env: region ? { account: '111111111111', region } : undefined });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const edge = new CloudFrontEdge(stack, 'Cdn', { domainName: 'static.example.com', hostedZone: zone, alarmEmails: ['oncall@example.com'] });
  return { stack, edge };
}

describe('CloudFrontEdge', () => {
  const { stack, edge } = build('us-east-1');
  const t = Template.fromStack(stack);
  const ref = (c: any) => ({ Ref: stack.resolve(c.node.defaultChild.logicalId) });

  test('a DNS-validated certificate of the domain, with an expiry alarm on the topic', () => {
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'static.example.com', ValidationMethod: 'DNS' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CertificateManager', MetricName: 'DaysToExpiry', Threshold: 30, ComparisonOperator: 'LessThanThreshold',
      AlarmActions: [ref(edge.alarmTopic)],
    });
  });

  test('a CLOUDFRONT web ACL: IP reputation, a per-IP rate limit of 100 a minute, the managed rule groups, logs', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'RateLimitPerIp', Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 100, EvaluationWindowSec: 60 } } }),
        Match.objectLike({ Name: 'AWS-AWSManagedRulesCommonRuleSet', OverrideAction: { None: {} } }),
      ]),
    });
    t.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
    expect(stack.resolve(edge.webAclArn)).toEqual({ 'Fn::GetAtt': [stack.resolve(edge.webAcl.logicalId), 'Arn'] });
  });

  test('an alarm on blocked requests (no Region dimension at CloudFront) and a dashboard', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2', MetricName: 'BlockedRequests',
      Dimensions: [{ Name: 'Rule', Value: 'ALL' }, { Name: 'WebACL', Value: edge.webAclName }],
      AlarmActions: [ref(edge.alarmTopic)],
    });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('claims what it provides', () => {
    const claimed = edge.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
    expect(claimed.sort()).toEqual(['ALARM-SECURITY-EVENTS', 'ALARM-TOPIC-ENCRYPTED', 'DASHBOARD-SECURITY', 'EDGE-CERTIFICATE-EXPIRY-ALARM',
      'EDGE-CERTIFICATE-MANAGED', 'KMS-KEY-ROTATION', 'WAF-RATE-LIMIT', 'WAF-WEB-ACL']);
  });

  test('refused outside us-east-1, and in a stack without a region', () => {
    expect(() => build('eu-west-1')).toThrow(/CloudFrontEdge Edge\/Cdn: the stack must be in us-east-1 .* got eu-west-1/);
    expect(() => build(undefined)).toThrow(/CloudFrontEdge Edge\/Cdn: the stack must be in us-east-1 .* got no region/);
  });
});
