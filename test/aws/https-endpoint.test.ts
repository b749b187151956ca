import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HttpsEndpoint, HttpsEndpointProps } from '../../lib/aws/https-endpoint';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const US_EAST_1 = { account: '111111111111', region: 'us-east-1' };
/** The Elastic Load Balancing account that writes access logs in eu-west-1. */
const ELB_ACCOUNT_EU_WEST_1 = '156460612806';
const CLOUDFRONT_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const CLOUDFRONT_ACL = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/abcd';

interface BuildOptions {
  readonly env?: { account: string; region: string };
  readonly context?: Record<string, unknown>;
  readonly maxAzs?: number;
  /** Register an IP target on 8080 (default true). */
  readonly target?: boolean;
  /** Leave the hosted zone out. */
  readonly noZone?: boolean;
}

function build(props: Partial<HttpsEndpointProps> = {}, options: BuildOptions = {}) {
  const app = new App({ context: options.context ?? {} });
  const stack = new Stack(app, 'S', { env: options.env ?? ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: options.maxAzs ?? 3, natGateways: 1 });
  const zone = options.noZone ? undefined : new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const endpoint = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', hostedZone: zone, ...props });
  const group = options.target === false ? undefined : endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.128.10', 8080)] });
  return { app, stack, vpc, zone, endpoint, group };
}

function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

function idOf(stack: Stack, construct: any): string {
  return stack.getLogicalId(construct.node?.defaultChild ?? construct);
}

function claims(endpoint: HttpsEndpoint): string[] {
  return endpoint.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

/** The `{Key, Value}` attributes of a resource's list property, as an object. */
function attributes(resource: any, prop: string): Record<string, unknown> {
  return Object.fromEntries((resource.Properties[prop] ?? []).map((a: any) => [a.Key, a.Value]));
}

function listener(template: Template, protocol: string): { id: string; resource: any } {
  const found = template.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Protocol: protocol } });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

describe('HttpsEndpoint defaults', () => {
  const { stack, vpc, zone, endpoint, group } = build({ cors: { allowedOrigins: ['https://app.example.com'] } });
  const template = Template.fromStack(stack);
  const lbId = idOf(stack, endpoint.loadBalancer);
  const lb = template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')[lbId];
  const lbAttributes = attributes(lb, 'LoadBalancerAttributes');
  const https = listener(template, 'HTTPS');
  const headers = attributes(https.resource, 'ListenerAttributes');
  const certId = only(template, 'AWS::CertificateManager::Certificate').id;
  const keyId = only(template, 'AWS::KMS::Key').id;
  const topicId = only(template, 'AWS::SNS::Topic').id;
  const bucketId = idOf(stack, endpoint.accessLogBucket);
  const aclId = idOf(stack, endpoint.webAcl);

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('EDGE-REVERSE-PROXY and HA-MULTI-AZ: an internet-facing ALB in the public subnets of three zones', () => {
    expect(lb.Properties.Type).toEqual('application');
    expect(lb.Properties.Scheme).toEqual('internet-facing');
    expect(lb.Properties.Subnets).toEqual(vpc.publicSubnets.map((s) => ({ Ref: idOf(stack, s.node.findChild('Subnet')) })));
    expect(lb.Properties.Subnets).toHaveLength(3);
  });

  test('EDGE-DROP-INVALID-HEADERS: invalid header fields dropped', () => {
    expect(lbAttributes['routing.http.drop_invalid_header_fields.enabled']).toEqual('true');
  });

  test('EDGE-DESYNC-MITIGATION: strictest desync mitigation', () => {
    expect(lbAttributes['routing.http.desync_mitigation_mode']).toEqual('strictest');
  });

  test('EDGE-LB-DELETION-PROTECTION: deletion protection on', () => {
    expect(lbAttributes['deletion_protection.enabled']).toEqual('true');
  });

  test('WAF fails closed, HTTP/2 on, 60 s idle timeout', () => {
    expect(lbAttributes['waf.fail_open.enabled']).toEqual('false');
    expect(lbAttributes['routing.http2.enabled']).toEqual('true');
    expect(lbAttributes['idle_timeout.timeout_seconds']).toEqual('60');
  });

  test('EDGE-ACCESS-LOGS: access logs on, to the access log bucket under alb/', () => {
    expect(lbAttributes['access_logs.s3.enabled']).toEqual('true');
    expect(lbAttributes['access_logs.s3.bucket']).toEqual({ Ref: bucketId });
    expect(lbAttributes['access_logs.s3.prefix']).toEqual('alb');
  });

  test('EDGE-ACCESS-LOGS: the bucket is SSE-S3, private, versioned, retained, ACLs off, logs expire after 30 days', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: 30,
            Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 }],
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          })],
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('EDGE-ACCESS-LOGS: the bucket refuses requests without TLS 1.2+ and admits the ELB log writer', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ELB_ACCOUNT_EU_WEST_1}:root`]] } },
          }),
        ]),
      },
    });
  });

  test('EDGE-HTTPS-LISTENER: HTTPS on 443 with the TLS 1.3/1.2 policy and the certificate', () => {
    expect(https.resource.Properties).toEqual(expect.objectContaining({
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: { Ref: certId } }],
      LoadBalancerArn: { Ref: lbId },
    }));
  });

  test('EDGE-CERTIFICATE-MANAGED: an ACM certificate for the domain, validated by DNS in the zone', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: { Ref: idOf(stack, zone) } }],
    });
    expect(stack.resolve(endpoint.certificate.certificateArn)).toEqual({ Ref: certId });
  });

  test('EDGE-HTTPS-REDIRECT: HTTP on 80 only redirects to HTTPS with a 301', () => {
    const http = listener(template, 'HTTP');
    expect(http.resource.Properties.Port).toEqual(80);
    expect(http.resource.Properties.DefaultActions).toEqual([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    expect(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).toEqual({});
  });

  test('HEADERS-HSTS: one year, with subdomains', () => {
    expect(headers['routing.http.response.strict_transport_security.header_value']).toEqual('max-age=31536000; includeSubDomains');
  });

  test('HEADERS-CONTENT-TYPE-OPTIONS: nosniff', () => {
    expect(headers['routing.http.response.x_content_type_options.header_value']).toEqual('nosniff');
  });

  test('HEADERS-FRAME-OPTIONS: DENY', () => {
    expect(headers['routing.http.response.x_frame_options.header_value']).toEqual('DENY');
  });

  test('HEADERS-CSP: a same-origin policy without plugins or framing', () => {
    expect(headers['routing.http.response.content_security_policy.header_value'])
      .toEqual("default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests");
  });

  test('no Server header', () => {
    expect(headers['routing.http.response.server.enabled']).toEqual('false');
  });

  test('EDGE-CORS: one named origin, methods, headers, preflight cache; no credentials', () => {
    expect(headers['routing.http.response.access_control_allow_origin.header_value']).toEqual('https://app.example.com');
    expect(headers['routing.http.response.access_control_allow_methods.header_value']).toEqual('GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS');
    expect(headers['routing.http.response.access_control_allow_headers.header_value']).toEqual('Content-Type,Authorization');
    expect(headers['routing.http.response.access_control_max_age.header_value']).toEqual('600');
    expect(headers['routing.http.response.access_control_allow_credentials.header_value']).toBeUndefined();
  });

  test('NET-RESTRICTED-INGRESS: the ALB security group admits the world on 443 and 80 only, and reaches only its targets', () => {
    const sgId = stack.getLogicalId(endpoint.loadBalancer.node.findChild('SecurityGroup').node.defaultChild as any);
    const sg = template.findResources('AWS::EC2::SecurityGroup')[sgId];
    expect(sg.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }),
    ]);
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    expect(lb.Properties.SecurityGroups).toEqual([{ 'Fn::GetAtt': [sgId, 'GroupId'] }]);
  });

  test('WAF-WEB-ACL: a REGIONAL web ACL with the AWS managed rule groups, blocking, associated with the ALB', () => {
    const acl = template.findResources('AWS::WAFv2::WebACL')[aclId];
    expect(acl.Properties.Scope).toEqual('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Name).toEqual(endpoint.webAclName);
    const groups = acl.Properties.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement).map((r: any) => ({
      name: r.Statement.ManagedRuleGroupStatement.Name, vendor: r.Statement.ManagedRuleGroupStatement.VendorName, override: r.OverrideAction,
      overrides: r.Statement.ManagedRuleGroupStatement.RuleActionOverrides,
    }));
    expect(groups).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet']
      .map((name) => ({ name, vendor: 'AWS', override: { None: {} }, overrides: undefined })));
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: lbId }, WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] } });
  });

  test('WAF-RATE-LIMIT: a rule blocks a client IP above 100 requests per minute with a 429', () => {
    const acl = template.findResources('AWS::WAFv2::WebACL')[aclId];
    const rate = acl.Properties.Rules.find((r: any) => r.Statement.RateBasedStatement);
    expect(rate).toEqual(expect.objectContaining({
      Name: 'RateLimitPerIp',
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 100, EvaluationWindowSec: 60 } },
    }));
    const priorities = acl.Properties.Rules.map((r: any) => r.Priority);
    expect(new Set(priorities).size).toEqual(priorities.length);
  });

  test('AUDIT-SECURITY-EVENTS, LOG-RETENTION, LOG-ENCRYPTED: the web ACL logs to an encrypted aws-waf-logs- group kept 30 days, secrets redacted', () => {
    const groupId = idOf(stack, endpoint.webAclLogGroup);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: `aws-waf-logs-${endpoint.webAclName}`,
        RetentionInDays: 30,
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:', { Ref: groupId }]] }],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('KMS-KEY-ROTATION: the key rotates, is retained, and lets CloudWatch Logs and alarms use it', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'AllowCloudWatchLogsToUseTheKey', Principal: { Service: 'logs.eu-west-1.amazonaws.com' } }),
            Match.objectLike({ Sid: 'AllowAlarmsAndEventsToPublishToEncryptedTopics' }),
          ]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('EDGE-CERTIFICATE-EXPIRY-ALARM and ALARM-ACTIONS: DaysToExpiry < 30 notifies the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CertificateManager',
      MetricName: 'DaysToExpiry',
      Dimensions: [{ Name: 'CertificateArn', Value: { Ref: certId } }],
      Statistic: 'Minimum',
      Period: 86400,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 30,
      EvaluationPeriods: 1,
      ActionsEnabled: true,
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
    expect(endpoint.alarms).toHaveLength(1);
  });

  test('ALARM-TOPIC-ENCRYPTED: the topic uses the key and refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('EDGE-DNS: an alias A record for the domain at the load balancer', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: { Ref: idOf(stack, zone) },
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [lbId, 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [lbId, 'CanonicalHostedZoneID'] },
      },
    });
  });

  test('HEALTH-ENDPOINT and DEPLOY-GRACEFUL-SHUTDOWN: the target group probes /health and drains for 30 s; it is the default action', () => {
    const tgId = idOf(stack, group);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
    expect(https.resource.Properties.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: { Ref: tgId } }]);
  });

  test('exposes its parts, connections, url and metrics', () => {
    expect(endpoint.connections).toBe(endpoint.loadBalancer.connections);
    expect(endpoint.domainName).toEqual('api.example.com');
    expect(endpoint.url).toEqual('https://api.example.com');
    expect(endpoint.distribution).toBeUndefined();
    expect(endpoint.httpListener.node.defaultChild).toBeDefined();
    const dims = { LoadBalancer: { 'Fn::GetAtt': [lbId, 'LoadBalancerFullName'] } };
    expect(stack.resolve(endpoint.metricRequestCount().dimensions)).toEqual(dims);
    expect(endpoint.metricRequestCount().metricName).toEqual('RequestCount');
    expect(endpoint.metricTarget5xxCount().metricName).toEqual('HTTPCode_Target_5XX_Count');
    expect(endpoint.metricElb5xxCount().metricName).toEqual('HTTPCode_ELB_5XX_Count');
    expect(endpoint.metricTargetResponseTime({ statistic: 'p95' }).statistic).toEqual('p95');
    expect(endpoint.metricTargetResponseTime().metricName).toEqual('TargetResponseTime');
    const days = endpoint.metricDaysToExpiry();
    expect([days.namespace, days.metricName, days.statistic, days.period.toDays()]).toEqual(['AWS/CertificateManager', 'DaysToExpiry', 'Minimum', 1]);
    const blocked = endpoint.metricWafBlockedRequests();
    expect([blocked.namespace, blocked.metricName, blocked.dimensions]).toEqual(['AWS/WAFV2', 'BlockedRequests', { WebACL: endpoint.webAclName, Region: 'eu-west-1', Rule: 'ALL' }]);
    expect(endpoint.metricWafBlockedRequests('RateLimitPerIp').dimensions?.Rule).toEqual('RateLimitPerIp');
  });

  test('acknowledges the cdk-nag findings inherent to a public load balancer, with reasons', () => {
    // The CDK records acknowledgements as construct metadata (the rule id under its own key format).
    const reason = (c: any, rule: string) => {
      const acks: Record<string, string> = Object.assign({}, ...c.node.metadata.filter((m: any) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m: any) => m.data));
      return Object.entries(acks).find(([k]) => k === rule || k.endsWith(`::${rule}`))?.[1];
    };
    expect(reason(endpoint.loadBalancer.node.findChild('SecurityGroup'), 'AwsSolutions-EC23')).toContain('443');
    expect(reason(endpoint.httpListener, 'NIST.800.53.R5-ELBv2ACMCertificateRequired')).toContain('redirect');
  });

  test('claims the items it provisions', () => {
    expect(claims(endpoint).sort()).toEqual([
      'ALARM-ACTIONS', 'ALARM-TOPIC-ENCRYPTED', 'AUDIT-SECURITY-EVENTS', 'DEPLOY-GRACEFUL-SHUTDOWN',
      'EDGE-ACCESS-LOGS', 'EDGE-CERTIFICATE-EXPIRY-ALARM', 'EDGE-CERTIFICATE-MANAGED', 'EDGE-CORS', 'EDGE-DESYNC-MITIGATION',
      'EDGE-DNS', 'EDGE-DROP-INVALID-HEADERS', 'EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'EDGE-LB-DELETION-PROTECTION',
      'EDGE-REVERSE-PROXY', 'HA-MULTI-AZ', 'HEADERS-CONTENT-TYPE-OPTIONS', 'HEADERS-CSP', 'HEADERS-FRAME-OPTIONS', 'HEADERS-HSTS',
      'HEALTH-ENDPOINT', 'KMS-KEY-ROTATION', 'LOG-ENCRYPTED', 'LOG-RETENTION', 'WAF-RATE-LIMIT', 'WAF-WEB-ACL',
    ]);
  });

  test('synthesizes without warnings', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('HttpsEndpoint options', () => {
  test('cors: credentials, methods, headers and max age', () => {
    const { stack } = build({ cors: { allowedOrigins: ['https://app.example.com'], allowCredentials: true, allowedMethods: ['GET'], allowedHeaders: ['X-Api-Key'], maxAge: Duration.hours(1) } });
    const headers = attributes(listener(Template.fromStack(stack), 'HTTPS').resource, 'ListenerAttributes');
    expect(headers['routing.http.response.access_control_allow_credentials.header_value']).toEqual('true');
    expect(headers['routing.http.response.access_control_allow_methods.header_value']).toEqual('GET');
    expect(headers['routing.http.response.access_control_allow_headers.header_value']).toEqual('X-Api-Key');
    expect(headers['routing.http.response.access_control_max_age.header_value']).toEqual('3600');
  });

  test('without cors, no Access-Control header is added', () => {
    const { stack } = build();
    const headers = attributes(listener(Template.fromStack(stack), 'HTTPS').resource, 'ListenerAttributes');
    expect(Object.keys(headers).filter((k) => k.includes('access_control'))).toEqual([]);
  });

  test('cors: several origins, an empty list or a path are errors', () => {
    expect(() => build({ cors: { allowedOrigins: ['https://a.example.com', 'https://b.example.com'] } })).toThrow(/one static Access-Control-Allow-Origin/);
    expect(() => build({ cors: { allowedOrigins: [] } })).toThrow(/empty/);
    expect(() => build({ cors: { allowedOrigins: ['https://a.example.com/app'] } })).toThrow(/not an origin/);
  });

  test('headers: frame options, CSP, preload, a longer max-age', () => {
    const { stack } = build({
      frameOptions: cloudfront.HeadersFrameOption.SAMEORIGIN,
      contentSecurityPolicy: "default-src 'self' https://cdn.example.com",
      hstsPreload: true,
      hstsMaxAge: Duration.days(730),
    });
    const headers = attributes(listener(Template.fromStack(stack), 'HTTPS').resource, 'ListenerAttributes');
    expect(headers['routing.http.response.x_frame_options.header_value']).toEqual('SAMEORIGIN');
    expect(headers['routing.http.response.content_security_policy.header_value']).toEqual("default-src 'self' https://cdn.example.com");
    expect(headers['routing.http.response.strict_transport_security.header_value']).toEqual('max-age=63072000; includeSubDomains; preload');
  });

  test('an empty CSP is an error', () => {
    expect(() => build({ contentSecurityPolicy: ' ' })).toThrow(/contentSecurityPolicy must not be empty/);
  });

  test('an imported certificate without a zone: no new certificate, no record; its expiry is still watched', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const arn = 'arn:aws:acm:eu-west-1:111111111111:certificate/abc';
    const endpoint = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn) });
    endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.0.10')] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: arn }] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateArn', Value: arn }] });
    expect(claims(endpoint)).not.toContain('EDGE-CERTIFICATE-MANAGED');
    expect(claims(endpoint)).not.toContain('EDGE-DNS');
    expect(endpoint.aliasRecord).toBeUndefined();
  });

  test('neither certificate nor zone, or a domain outside the zone, are errors', () => {
    expect(() => build({}, { noZone: true })).toThrow(/give hostedZone/);
    expect(() => build({ domainName: 'api.example.org' })).toThrow(/not in hostedZone example.com/);
  });

  test('subject alternative names go to a new certificate', () => {
    const { stack } = build({ subjectAlternativeNames: ['www.example.com'] });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', { SubjectAlternativeNames: ['www.example.com'] });
  });

  test('an existing access log bucket and prefix are used', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const logs3 = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const endpoint = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', hostedZone: zone, accessLogBucket: logs3, accessLogPrefix: 'edge' });
    endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.0.10')] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    const lb = only(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').resource;
    expect(attributes(lb, 'LoadBalancerAttributes')).toEqual(expect.objectContaining({ 'access_logs.s3.bucket': { Ref: idOf(stack, logs3) }, 'access_logs.s3.prefix': 'edge' }));
    expect(endpoint.accessLogBucket).toBe(logs3);
  });

  test('a KMS-encrypted access log bucket, or one with accessLogs false, is an error', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS });
    expect(() => build({ accessLogBucket: bucket })).toThrow(/only write access logs to SSE-S3 buckets/);
    const plain = new s3.Bucket(stack, 'Plain');
    expect(() => build({ accessLogBucket: plain, accessLogs: false })).toThrow(/accessLogBucket is given but accessLogs is false/);
  });

  test('with staticAssets, a given access log bucket of the app needs ACLs enabled: CloudFront standard logs are written through the bucket ACL', () => {
    const given = (objectOwnership?: s3.ObjectOwnership) => {
      const app = new App();
      const stack = new Stack(app, 'S', { env: US_EAST_1 });
      const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, objectOwnership });
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      const endpoint = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', hostedZone: zone, accessLogBucket: bucket, staticAssets: {} });
      endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.0.10', 8080)] });
      return () => Template.fromStack(stack);
    };
    expect(given()).toThrow(/accessLogBucket also receives the static-assets distribution's standard logs.*objectOwnership BUCKET_OWNER_PREFERRED or OBJECT_WRITER/);
    expect(given(s3.ObjectOwnership.BUCKET_OWNER_ENFORCED)).toThrow(/CloudFront writes through the bucket ACL/);
    expect(given(s3.ObjectOwnership.BUCKET_OWNER_PREFERRED)).not.toThrow();
    expect(given(s3.ObjectOwnership.OBJECT_WRITER)).not.toThrow();
  });

  test('a longer access log retention moves nothing earlier and expires later', () => {
    const { stack } = build({ accessLogRetentionDays: 365 });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
    });
  });

  test('internal: private subnets, listeners open to nobody, the web ACL kept, waf: false not refused', () => {
    const { stack, vpc, endpoint } = build({ internetFacing: false });
    const template = Template.fromStack(stack);
    const lb = only(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').resource;
    expect(lb.Properties.Scheme).toEqual('internal');
    expect(lb.Properties.Subnets).toEqual(vpc.privateSubnets.map((s) => ({ Ref: idOf(stack, s.node.findChild('Subnet')) })));
    const sgId = stack.getLogicalId(endpoint.loadBalancer.node.findChild('SecurityGroup').node.defaultChild as any);
    expect(template.findResources('AWS::EC2::SecurityGroup')[sgId].Properties.SecurityGroupIngress).toBeUndefined();
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);

    const internalNoWaf = build({ internetFacing: false, waf: false });
    expect(() => internalNoWaf.app.synth()).not.toThrow();
    Template.fromStack(internalNoWaf.stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(claims(internalNoWaf.endpoint)).not.toContain('WAF-WEB-ACL');
  });

  test('connections admit clients of an internal endpoint on 443', () => {
    const { stack, vpc, endpoint } = build({ internetFacing: false });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    endpoint.connections.allowFrom(client, ec2.Port.tcp(443));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [idOf(stack, client), 'GroupId'] },
    });
  });

  test('webAclArn: the existing web ACL is associated, none is created', () => {
    const arn = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/abcd';
    const { stack, endpoint } = build({ webAclArn: arn });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
    expect(endpoint.webAcl).toBeUndefined();
    expect(claims(endpoint)).not.toContain('WAF-WEB-ACL');
    expect(claims(endpoint)).not.toContain('WAF-RATE-LIMIT');
    expect(() => endpoint.metricWafBlockedRequests()).toThrow(/no web ACL/);
    expect(() => build({ webAclArn: arn, waf: false })).toThrow(/webAclArn is given but waf is false/);
  });

  test('commonRuleSetCountOnly counts those rules of the Common rule set: refused (WAF-WEB-ACL) unless acknowledged', () => {
    const { stack, endpoint } = build({ commonRuleSetCountOnly: ['SizeRestrictions_BODY'] });
    expect(endpoint.node.validate()).toEqual([expect.stringMatching(/^\[WAF-WEB-ACL\] commonRuleSetCountOnly: .*SizeRestrictions_BODY/)]);
    Validations.of(endpoint).acknowledge({ id: 'GoLiveChecks::WAF-WEB-ACL', reason: 'request bodies over 8 KB are the service\'s job' });
    expect(claims(endpoint)).not.toContain('WAF-WEB-ACL');
    const acl = only(Template.fromStack(stack), 'AWS::WAFv2::WebACL').resource;
    const common = acl.Properties.Rules.find((r: any) => r.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    expect(common.OverrideAction).toEqual({ None: {} });
  });

  test('a stricter rate limit, and thresholds tightened by prop and context', () => {
    const rate = (stack: Stack) => only(Template.fromStack(stack), 'AWS::WAFv2::WebACL').resource.Properties.Rules
      .find((r: any) => r.Statement.RateBasedStatement).Statement.RateBasedStatement.Limit;
    expect(rate(build({ rateLimitPerMinute: 50 }).stack)).toEqual(50);
    expect(rate(build({ thresholds: { rateLimitPerMinute: 60 } }).stack)).toEqual(60);
    const ctx = build({}, { context: { 'cdk-golive:thresholds': { certificateExpiryDays: 45, logRetentionDays: 90 } } });
    const template = Template.fromStack(ctx.stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Threshold: 45 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] } });
    expect(() => build({ rateLimitPerMinute: 5 })).toThrow(/at least 10/);
  });

  test('Lambda targets: health check enabled on /health, no deregistration delay', () => {
    const { stack, endpoint } = build({}, { target: false });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })') });
    const group = endpoint.addTargets('Fn', { targets: [new targets.LambdaTarget(fn)] });
    const tg = Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::TargetGroup')[idOf(stack, group)];
    expect(tg.Properties).toEqual(expect.objectContaining({ TargetType: 'lambda', HealthCheckEnabled: true, HealthCheckPath: '/health' }));
    expect(tg.Properties.TargetGroupAttributes ?? []).not.toContainEqual(expect.objectContaining({ Key: 'deregistration_delay.timeout_seconds' }));
    expect(() => endpoint.addTargets('Fn2', { targets: [new targets.LambdaTarget(fn)], deregistrationDelay: Duration.seconds(5), conditions: [elbv2.ListenerCondition.pathPatterns(['/x'])], priority: 5 }))
      .toThrow(/Lambda target groups have no deregistration delay/);
  });

  test('targets with conditions become a listener rule; a custom delay and health check are kept', () => {
    const { stack, endpoint } = build();
    const group = endpoint.addTargets('Admin', {
      port: 9090,
      targets: [new targets.IpTarget('10.0.128.11')],
      conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/*'])],
      priority: 10,
      deregistrationDelay: Duration.seconds(120),
      healthCheck: { path: '/admin/health', interval: Duration.seconds(15) },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: idOf(stack, group) } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 9090,
      HealthCheckPath: '/admin/health',
      HealthCheckIntervalSeconds: 15,
      HealthCheckEnabled: true,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '120' }]),
    });
  });

  test('Lambda targets added after addTargets are reported', () => {
    const { app, stack, endpoint } = build({}, { target: false });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })') });
    const group = endpoint.addTargets('Fn', {});
    group.addTarget(new targets.LambdaTarget(fn));
    expect(() => app.synth()).toThrow(/Lambda targets were added after the call/);
  });

  test('an existing key and alarm topic are used', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'MyTopic', { masterKey: key, enforceSSL: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const endpoint = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', hostedZone: zone, encryptionKey: key, alarmTopic: topic });
    endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.0.10')] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [idOf(stack, key), 'Arn'] } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: idOf(stack, topic) }] });
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogsToUseTheKey' })]) } });
    expect(endpoint.encryptionKey).toBe(key);
    expect(endpoint.alarmTopic).toBe(topic);
    expect(claims(endpoint)).not.toContain('KMS-KEY-ROTATION');
    expect(claims(endpoint)).not.toContain('ALARM-TOPIC-ENCRYPTED');
  });

  test('a default action replaces the first target group as default', () => {
    const { stack } = build({ defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'not found' }) }, { target: false });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'not found' } }],
    });
  });
});

describe('HttpsEndpoint static assets', () => {
  describe('in us-east-1: certificate, web ACL and records are created', () => {
    const { stack, zone, endpoint } = build({ staticAssets: {}, cors: { allowedOrigins: ['https://app.example.com'] } }, { env: US_EAST_1 });
    const template = Template.fromStack(stack);
    const dist = only(template, 'AWS::CloudFront::Distribution');
    const config = dist.resource.Properties.DistributionConfig;
    const policyId = only(template, 'AWS::CloudFront::ResponseHeadersPolicy').id;
    const staticCertId = idOf(stack, endpoint.node.findChild('StaticAssetsCertificate'));

    test('EDGE-CDN: HTTPS only, compressed, cached by policy, TLSv1.2_2021, HTTP/2 and 3, IPv6, price class 100', () => {
      expect(config.DefaultCacheBehavior).toEqual(expect.objectContaining({
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        ResponseHeadersPolicyId: { Ref: policyId },
      }));
      expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: { Ref: staticCertId }, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
      expect(config.Aliases).toEqual(['static.api.example.com']);
      expect([config.HttpVersion, config.IPV6Enabled, config.PriceClass]).toEqual(['http2and3', true, 'PriceClass_100']);
      expect(endpoint.distribution).toBeDefined();
      expect(endpoint.staticAssetsDomainName).toEqual('static.api.example.com');
    });

    test('EDGE-ACCESS-LOGS: standard logs to the access log bucket under cloudfront/, which keeps ACLs for CloudFront', () => {
      const bucketId = idOf(stack, endpoint.accessLogBucket);
      expect(config.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
      template.hasResourceProperties('AWS::S3::Bucket', { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] }, LifecycleConfiguration: Match.anyValue() });
    });

    test('the assets bucket: KMS with the endpoint key, private, versioned, old versions aged out; read through origin access control', () => {
      const keyId = only(template, 'AWS::KMS::Key').id;
      const bucketId = idOf(stack, endpoint.staticAssetsBucket);
      template.hasResource('AWS::S3::Bucket', {
        Properties: {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } }] },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, NoncurrentVersionTransitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] })] },
        },
        DeletionPolicy: 'Retain',
      });
      expect(config.Origins[0].DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
      expect(config.Origins[0].OriginAccessControlId).toBeDefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]) },
      });
    });

    test('HEADERS-RESPONSE-POLICY, HEADERS-XSS-PROTECTION: the same security headers, plus Referrer-Policy and X-XSS-Protection 0', () => {
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: {
            StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Preload: false, Override: true },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self'"), Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
            XSSProtection: { Protection: false, Override: true },
          },
          CorsConfig: Match.objectLike({ AccessControlAllowOrigins: { Items: ['https://app.example.com'] }, AccessControlAllowCredentials: false }),
        },
      });
    });

    test('WAF-WEB-ACL: a CLOUDFRONT web ACL with the same rules and logging protects the distribution', () => {
      const acls = template.findResources('AWS::WAFv2::WebACL', { Properties: { Scope: 'CLOUDFRONT' } });
      const ids = Object.keys(acls);
      expect(ids).toHaveLength(1);
      expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [ids[0], 'Arn'] });
      expect(acls[ids[0]].Properties.Rules.map((r: any) => r.Name)).toEqual(['AWS-AWSManagedRulesAmazonIpReputationList', 'RateLimitPerIp',
        'AWS-AWSManagedRulesCommonRuleSet', 'AWS-AWSManagedRulesKnownBadInputsRuleSet', 'AWS-AWSManagedRulesSQLiRuleSet']);
      template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { ResourceArn: { 'Fn::GetAtt': [ids[0], 'Arn'] } });
    });

    test('EDGE-CERTIFICATE-MANAGED, EDGE-CERTIFICATE-EXPIRY-ALARM, EDGE-DNS: its own certificate, alarm and A/AAAA alias records', () => {
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'static.api.example.com', ValidationMethod: 'DNS' });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateArn', Value: { Ref: staticCertId } }] });
      expect(endpoint.alarms).toHaveLength(2);
      for (const type of ['A', 'AAAA']) {
        template.hasResourceProperties('AWS::Route53::RecordSet', {
          Name: 'static.api.example.com.', Type: type, HostedZoneId: { Ref: idOf(stack, zone) },
          AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [dist.id, 'DomainName'] } }),
        });
      }
      expect(claims(endpoint)).toEqual(expect.arrayContaining(['EDGE-CDN', 'EDGE-DNS']));
      // The load balancer cannot send Referrer-Policy or X-XSS-Protection on the service's responses: not claimed.
      expect(claims(endpoint)).not.toEqual(expect.arrayContaining(['HEADERS-RESPONSE-POLICY']));
      expect(claims(endpoint)).not.toContain('HEADERS-XSS-PROTECTION');
    });

    test('synthesizes without warnings (the OAC wildcard key statement is acknowledged)', () => {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    });
  });

  test('elsewhere: a us-east-1 certificate and web ACL ARN are used', () => {
    const { stack, endpoint } = build({
      staticAssets: {
        certificate: acm.Certificate.fromCertificateArn(new Stack(new App(), 'X'), 'Cert', CLOUDFRONT_CERT),
        webAclArn: CLOUDFRONT_ACL,
        domainName: 'assets.example.com',
        priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
        geoRestriction: cloudfront.GeoRestriction.denylist('KP'),
      },
    });
    const template = Template.fromStack(stack);
    const config = only(template, 'AWS::CloudFront::Distribution').resource.Properties.DistributionConfig;
    expect(config.WebACLId).toEqual(CLOUDFRONT_ACL);
    expect(config.ViewerCertificate.AcmCertificateArn).toEqual(CLOUDFRONT_CERT);
    expect(config.Aliases).toEqual(['assets.example.com']);
    expect(config.PriceClass).toEqual('PriceClass_All');
    expect(config.Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'blacklist', Locations: ['KP'] } });
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    expect(endpoint.alarms).toHaveLength(1);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'assets.example.com.', Type: 'AAAA' });
    // A certificate ARN given as text may be imported or e-mail-validated: EDGE-CERTIFICATE-MANAGED is not claimed.
    expect(claims(endpoint)).not.toContain('EDGE-CERTIFICATE-MANAGED');
  });

  test('elsewhere, without a web ACL ARN: refused (WAF-WEB-ACL), accepted when acknowledged; no certificate, no record, no EDGE-DNS', () => {
    const refused = build({ staticAssets: {} });
    expect(() => refused.app.synth()).toThrow(/\[WAF-WEB-ACL\] staticAssets.webAclArn: the stack is in eu-west-1/);

    const accepted = build({ staticAssets: {} });
    Validations.of(accepted.endpoint).acknowledge({ id: 'GoLiveChecks::WAF-WEB-ACL', reason: 'assets are public files; the ALB has its ACL' });
    expect(() => accepted.app.synth()).not.toThrow();
    const template = Template.fromStack(accepted.stack);
    const config = only(template, 'AWS::CloudFront::Distribution').resource.Properties.DistributionConfig;
    expect(config.WebACLId).toBeUndefined();
    expect(config.Aliases).toBeUndefined();
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    expect(accepted.endpoint.staticAssetsDomainName).toBeUndefined();
    expect(claims(accepted.endpoint)).not.toContain('EDGE-DNS');
  });

  test('a certificate outside us-east-1, or a domain without one, are errors', () => {
    const other = acm.Certificate.fromCertificateArn(new Stack(new App(), 'X'), 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/x');
    expect(() => build({ staticAssets: { certificate: other, webAclArn: CLOUDFRONT_ACL } })).toThrow(/must be in us-east-1/);
    expect(() => build({ staticAssets: { domainName: 'assets.example.com', webAclArn: CLOUDFRONT_ACL } })).toThrow(/needs staticAssets.certificate/);
  });

  test('an existing assets bucket is used', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: US_EAST_1 });
    const assets = new s3.Bucket(stack, 'Assets', { enforceSSL: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const endpoint = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', hostedZone: zone, staticAssets: { bucket: assets } });
    endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.0.10')] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 2); // the given one and the access log bucket
    expect(endpoint.staticAssetsBucket).toBe(assets);
    expect(only(template, 'AWS::CloudFront::Distribution').resource.Properties.DistributionConfig.Origins[0].DomainName)
      .toEqual({ 'Fn::GetAtt': [idOf(stack, assets), 'RegionalDomainName'] });
  });
});

describe('HttpsEndpoint weakening props are refused unless acknowledged', () => {
  const cases: Array<[string, string, Partial<HttpsEndpointProps>, RegExp]> = [
    ['sslPolicy accepting TLS 1.1', 'EDGE-HTTPS-LISTENER', { sslPolicy: elbv2.SslPolicy.TLS11 }, /\[EDGE-HTTPS-LISTENER\] sslPolicy: ELBSecurityPolicy-TLS-1-1-2017-01 accepts TLS versions older than 1.2/],
    ['sslPolicy accepting TLS 1.0 (the ELB default)', 'EDGE-HTTPS-LISTENER', { sslPolicy: elbv2.SslPolicy.RECOMMENDED }, /\[EDGE-HTTPS-LISTENER\] sslPolicy: ELBSecurityPolicy-2016-08/],
    ['deletionProtection: false', 'EDGE-LB-DELETION-PROTECTION', { deletionProtection: false }, /\[EDGE-LB-DELETION-PROTECTION\] deletionProtection: false/],
    ['accessLogs: false', 'EDGE-ACCESS-LOGS', { accessLogs: false }, /\[EDGE-ACCESS-LOGS\] accessLogs: false/],
    ['accessLogRetentionDays below the threshold', 'EDGE-ACCESS-LOGS', { accessLogRetentionDays: 7 }, /\[EDGE-ACCESS-LOGS\] accessLogRetentionDays: 7 days is shorter than the 30/],
    ['waf: false on an internet-facing endpoint', 'WAF-WEB-ACL', { waf: false }, /\[WAF-WEB-ACL\] waf: false leaves an internet-facing load balancer/],
    ['rateLimitPerMinute above the threshold', 'WAF-RATE-LIMIT', { rateLimitPerMinute: 1000 }, /\[WAF-RATE-LIMIT\] rateLimitPerMinute: 1000 requests per minute is looser than the 100/],
    ['wafLogRetention below the threshold', 'LOG-RETENTION', { wafLogRetention: logs.RetentionDays.ONE_WEEK }, /\[LOG-RETENTION\] wafLogRetention: 7 days/],
    ['hstsMaxAge below the threshold', 'HEADERS-HSTS', { hstsMaxAge: Duration.days(30) }, /\[HEADERS-HSTS\] hstsMaxAge: 2592000 seconds is shorter than the 31536000/],
    ['hstsIncludeSubdomains: false', 'HEADERS-HSTS', { hstsIncludeSubdomains: false }, /\[HEADERS-HSTS\] hstsIncludeSubdomains: false/],
    ['CORS for any origin', 'EDGE-CORS', { cors: { allowedOrigins: ['*'] } }, /\[EDGE-CORS\] cors.allowedOrigins: \*/],
    ['CORS for the null origin', 'EDGE-CORS', { cors: { allowedOrigins: ['null'] } }, /\[EDGE-CORS\] cors.allowedOrigins: null/],
    ['a CSP of default-src *', 'HEADERS-CSP', { contentSecurityPolicy: 'default-src *' }, /\[HEADERS-CSP\] contentSecurityPolicy: "default-src \*": default-src allows \*/],
    ['a CSP with unsafe-inline scripts', 'HEADERS-CSP', { contentSecurityPolicy: "default-src 'self'; script-src 'self' 'unsafe-inline'" }, /\[HEADERS-CSP\] contentSecurityPolicy: .*'unsafe-inline'/],
    ['Common rule set rules counted', 'WAF-WEB-ACL', { commonRuleSetCountOnly: ['SizeRestrictions_BODY'] }, /\[WAF-WEB-ACL\] commonRuleSetCountOnly: .*SizeRestrictions_BODY/],
  ];

  test.each(cases)('%s is refused (%s)', (_name, _item, props, message) => {
    const { app } = build(props);
    expect(() => app.synth()).toThrow(message);
  });

  test.each(cases)('%s is accepted when %s is acknowledged, with a warning', (_name, item, props) => {
    const { app, stack, endpoint } = build(props);
    Validations.of(endpoint).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'test' });
    expect(() => app.synth()).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/S/Api', Match.stringLikeRegexp(`${item} weakened .*acknowledged: test`));
    expect(claims(endpoint)).not.toContain(item);
  });

  test('what the acknowledged weakenings produce', () => {
    const template = (props: Partial<HttpsEndpointProps>, item: string) => {
      const { stack, endpoint } = build(props);
      Validations.of(endpoint).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'test' });
      return Template.fromStack(stack);
    };
    const lbAttrs = (t: Template) => attributes(only(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer').resource, 'LoadBalancerAttributes');
    expect(lbAttrs(template({ deletionProtection: false }, 'EDGE-LB-DELETION-PROTECTION'))['deletion_protection.enabled']).toEqual('false');
    const noLogs = template({ accessLogs: false }, 'EDGE-ACCESS-LOGS');
    expect(lbAttrs(noLogs)['access_logs.s3.enabled']).toBeUndefined();
    noLogs.resourceCountIs('AWS::S3::Bucket', 0);
    const noWaf = template({ waf: false }, 'WAF-WEB-ACL');
    noWaf.resourceCountIs('AWS::WAFv2::WebACL', 0);
    noWaf.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    template({ rateLimitPerMinute: 1000 }, 'WAF-RATE-LIMIT').hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 1000 }) } })]),
    });
    const weakTls = template({ sslPolicy: elbv2.SslPolicy.TLS11 }, 'EDGE-HTTPS-LISTENER');
    weakTls.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01' });
  });

  test('TLS 1.2-only and TLS 1.3-only policies are accepted', () => {
    for (const sslPolicy of [elbv2.SslPolicy.TLS12, elbv2.SslPolicy.FORWARD_SECRECY_TLS12_RES_GCM, elbv2.SslPolicy.TLS13_13, elbv2.SslPolicy.FIPS_TLS13_12]) {
      const { app } = build({ sslPolicy });
      expect(() => app.synth()).not.toThrow();
    }
  });

  test('subnets in fewer zones than minAvailabilityZones are refused (HA-MULTI-AZ), and accepted when acknowledged', () => {
    const refused = build({ thresholds: { minAvailabilityZones: 3 } }, { maxAzs: 2 });
    expect(() => refused.app.synth()).toThrow(/\[HA-MULTI-AZ\] vpcSubnets: the load balancer's subnets span 2 availability zone\(s\), fewer than the 3/);
    const accepted = build({ thresholds: { minAvailabilityZones: 3 } }, { maxAzs: 2 });
    Validations.of(accepted.endpoint).acknowledge({ id: 'GoLiveChecks::HA-MULTI-AZ', reason: 'two zones in this region' });
    expect(() => accepted.app.synth()).not.toThrow();
  });

  const targetCases: Array<[string, string, elbv2.AddApplicationTargetsProps, RegExp]> = [
    ['a health check on /', 'HEALTH-ENDPOINT', { healthCheck: { path: '/' } }, /\[HEALTH-ENDPOINT\] healthCheck.path: \/ probes the home page/],
    ['a disabled health check', 'HEALTH-ENDPOINT', { healthCheck: { enabled: false } }, /\[HEALTH-ENDPOINT\] healthCheck.enabled: false/],
    ['no deregistration delay', 'DEPLOY-GRACEFUL-SHUTDOWN', { deregistrationDelay: Duration.seconds(0) }, /\[DEPLOY-GRACEFUL-SHUTDOWN\] deregistrationDelay: 0 removes targets/],
  ];

  test.each(targetCases)('addTargets with %s is refused (%s), and accepted when acknowledged on the target group', (_name, item, props, message) => {
    const refused = build({}, { target: false });
    refused.endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.128.10')], ...props });
    expect(() => refused.app.synth()).toThrow(message);

    const accepted = build({}, { target: false });
    const group = accepted.endpoint.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.128.10')], ...props });
    Validations.of(group).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'test' });
    expect(() => accepted.app.synth()).not.toThrow();
    expect(claims(accepted.endpoint)).not.toContain(item);
  });
});
