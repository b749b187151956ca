/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts found by the audit of the load balancer, TLS, certificate and CloudFront rules (edge-lb): each
 * case but the last was a PASS and must now fail or be unknown; ClbHttpsListener failed a TCP:443 pass-through
 * that it now leaves unknown, as ElbHttpsListener does for a Network Load Balancer. The compliant form next to each
 * case must still pass.
 */
import { judged, statuses } from './judged';

const ACM_ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/0b1c-imported';
const cert = { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'app.example.com', ValidationMethod: 'DNS' } };
const alb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['subnet-1', 'subnet-2'] } };
const httpsListener = (arn: any) => ({
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: { LoadBalancerArn: { Ref: 'ALB' }, Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: arn }], DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] },
});
const distribution = (extra: any) => ({
  Type: 'AWS::CloudFront::Distribution',
  Properties: {
    DistributionConfig: {
      Enabled: true,
      Origins: [{ Id: 'web', DomainName: 'origin.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }],
      DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'redirect-to-https', Compress: true, CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      ...extra,
    },
  },
});
const clb = (listeners: any[], extra: any = {}) => ({ Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Subnets: ['subnet-1'], Listeners: listeners, ...extra } });

describe('1. EdgeCertificateManaged: an ACM ARN written as text may be imported or e-mail-validated', () => {
  const rule = 'EdgeCertificateManaged';
  test('a literal ARN on a listener, a listener certificate, a distribution and a Classic Load Balancer is unknown, naming it', () => {
    const f = judged(rule, {
      ALB: alb,
      Https: httpsListener(ACM_ARN),
      Extra: { Type: 'AWS::ElasticLoadBalancingV2::ListenerCertificate', Properties: { ListenerArn: { Ref: 'Https' }, Certificates: [{ CertificateArn: ACM_ARN }] } },
      Dist: distribution({ ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/5e5e', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' } }),
      CLB: clb([{ LoadBalancerPort: '443', InstancePort: '80', Protocol: 'HTTPS', SSLCertificateId: ACM_ARN, PolicyNames: ['ELBSecurityPolicy-TLS-1-2-2017-01'] }]),
    });
    expect(f.map(([r, s]) => [r, s])).toEqual([['Https', 'unknown'], ['Extra', 'unknown'], ['Dist', 'unknown'], ['CLB', 'unknown']]);
    for (const [, , m] of f) expect(m).toMatch(/ACM certificate arn:aws:acm:[^ ]+ is not in this template: ACM renews it only if ACM issued it and it is validated by DNS/);
  });

  test('an ARN from a mapping or a Sub of pseudo parameters is unknown too', () => {
    const mapped = judged(rule, { ALB: alb, Https: httpsListener({ 'Fn::FindInMap': ['Certs', { Ref: 'AWS::Region' }, 'Arn'] }) },
      { Mappings: { Certs: { 'eu-west-1': { Arn: ACM_ARN }, 'us-east-1': { Arn: ACM_ARN } } } });
    expect(statuses(mapped)).toEqual(['unknown']);
    const sub = judged(rule, { ALB: alb, Https: httpsListener({ 'Fn::Sub': 'arn:${AWS::Partition}:acm:${AWS::Region}:${AWS::AccountId}:certificate/abc' }) });
    expect(sub.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/is not in this template/)]]);
  });

  test('a reference to a DNS-validated certificate of the template passes; an IAM server certificate fails', () => {
    expect(judged(rule, { Cert: cert, ALB: alb, Https: httpsListener({ Ref: 'Cert' }) }).map(([r, s]) => [r, s])).toEqual([['Cert', 'pass'], ['Https', 'pass']]);
    expect(statuses(judged(rule, { ALB: alb, Https: httpsListener('arn:aws:iam::111111111111:server-certificate/app') }))).toEqual(['fail']);
  });
});

describe('2. access logs to a bucket of the template named by text', () => {
  const kmsBucket = (props: any = {}) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] }, ...props } });
  const albLogs = (bucket: any) => ({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['subnet-1', 'subnet-2'], LoadBalancerAttributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.bucket', Value: bucket }] } });

  test.each([
    ['its literal BucketName', 'acme-alb-logs'],
    ['Fn::Sub ${Logs}', { 'Fn::Sub': '${Logs}' }],
    ['Fn::Join of its Ref', { 'Fn::Join': ['', [{ Ref: 'Logs' }]] }],
  ])('ALB logs to the bucket by %s: the bucket is judged (SSE-KMS, no TLS policy, no lifecycle fail)', (_name, value) => {
    const f = judged('AlbAccessLogs', { Logs: kmsBucket({ BucketName: 'acme-alb-logs' }), ALB: albLogs(value) });
    expect(statuses(f)).toEqual(['fail', 'fail', 'fail']);
    expect(f[0][2]).toMatch(/log bucket Logs uses aws:kms: this load balancer can only write access logs to SSE-S3/);
  });

  test('the same open parameter as the bucket\'s BucketName names it', () => {
    const f = judged('AlbAccessLogs', { Logs: kmsBucket({ BucketName: { Ref: 'LogBucket' } }), ALB: albLogs({ Ref: 'LogBucket' }) }, { Parameters: { LogBucket: { Type: 'String' } } });
    expect(f[0][2]).toMatch(/log bucket Logs uses aws:kms/);
  });

  test('a Classic Load Balancer logging to the bucket by its literal name fails on the bucket', () => {
    const f = judged('ClbAccessLogs', {
      Logs: kmsBucket({ BucketName: 'acme-alb-logs' }),
      CLB: clb([{ LoadBalancerPort: '443', InstancePort: '80', Protocol: 'HTTPS', SSLCertificateId: 'arn:aws:iam::1:server-certificate/x' }], { AccessLoggingPolicy: { Enabled: true, S3BucketName: 'acme-alb-logs', EmitInterval: 5 } }),
    });
    expect(f.map(([, s, m]) => [s, m])).toContainEqual(['fail', expect.stringMatching(/log bucket Logs uses aws:kms/)]);
  });

  test.each([
    ['${Logs}.s3.amazonaws.com', { 'Fn::Sub': '${Logs}.s3.amazonaws.com' }],
    ['${Logs}.s3.${AWS::Region}.amazonaws.com', { 'Fn::Sub': '${Logs}.s3.${AWS::Region}.amazonaws.com' }],
    ['the literal name\'s host', 'acme-cdn-logs.s3.eu-west-1.amazonaws.com'],
    ['${Logs.RegionalDomainName}', { 'Fn::Sub': '${Logs.RegionalDomainName}' }],
  ])('CloudFront logging to %s judges the bucket (ACLs disabled, no TLS policy, no lifecycle: fail)', (_name, value) => {
    const f = judged('CloudFrontAccessLogs', { Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-cdn-logs' } }, Dist: distribution({ Logging: { Bucket: value, Prefix: 'cdn/' } }) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([
      ['fail', expect.stringMatching(/log bucket Logs has no ObjectOwnership: S3 creates it with BucketOwnerEnforced/)],
      ['fail', expect.stringMatching(/log bucket Logs does not deny every request without TLS/)],
      ['fail', expect.stringMatching(/log bucket Logs has no enabled lifecycle rule/)],
    ]);
  });

  test('text that may name a bucket whose name is decided at deploy time is unknown', () => {
    const open = judged('AlbAccessLogs', { Logs: kmsBucket({ BucketName: { Ref: 'LogBucket' } }), ALB: albLogs('acme-alb-logs') }, { Parameters: { LogBucket: { Type: 'String' } } });
    expect(open.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/bucket Logs of this template may be it: its BucketName is decided at deploy time/)]]);
    const stackNamed = judged('AlbAccessLogs', { Logs: kmsBucket({ BucketName: { 'Fn::Sub': '${AWS::StackName}-logs' } }), ALB: albLogs('prod-logs') });
    expect(stackNamed.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/bucket Logs of this template \(BucketName \$\{AWS::StackName\}-logs\) may be it/)]]);
  });

  test('a bucket named by text that is no bucket of the template still passes on the setting', () => {
    const f = judged('AlbAccessLogs', { Logs: kmsBucket({ BucketName: 'acme-alb-logs' }), Other: kmsBucket(), ALB: albLogs('central-logs') });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['pass', expect.stringMatching(/to bucket central-logs \(not in this template/)]]);
  });
});

describe('3. AcmCertificateExpiryAlarm reads DatapointsToAlarm / EvaluationPeriods and Period', () => {
  const rule = 'AcmCertificateExpiryAlarm';
  const withAlarm = (props: any, parameters?: any) => judged(rule, {
    Cert: cert,
    Topic: { Type: 'AWS::SNS::Topic' },
    Expiry: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { Namespace: 'AWS/CertificateManager', MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateArn', Value: { Ref: 'Cert' } }], Statistic: 'Minimum', Period: 86400, EvaluationPeriods: 1, Threshold: 30, ComparisonOperator: 'LessThanThreshold', AlarmActions: [{ Ref: 'Topic' }], ...props },
    },
  }, parameters ? { Parameters: parameters } : {});

  test('7 of 7 daily datapoints at threshold 30 fires at DaysToExpiry < 24: fail', () => {
    expect(withAlarm({ EvaluationPeriods: 7, DatapointsToAlarm: 7 }).map(([, s, m]) => [s, m]))
      .toEqual([['fail', expect.stringMatching(/Expiry: threshold 30 days, but it waits for 7 breaching datapoints of a metric published daily, so it fires 6 days later, at DaysToExpiry < 24 \(needs >= 30\)/)]]);
    expect(statuses(withAlarm({ EvaluationPeriods: 3 }))).toEqual(['fail']);
  });

  test('a threshold raised by the wait passes; one datapoint passes as before', () => {
    expect(withAlarm({ EvaluationPeriods: 7, DatapointsToAlarm: 7, Threshold: 36 }).map(([, s, m]) => [s, m])).toEqual([['pass', expect.stringMatching(/fires when DaysToExpiry < 36 and 7 datapoints \(at DaysToExpiry < 30\)/)]]);
    expect(statuses(withAlarm({ EvaluationPeriods: 7, DatapointsToAlarm: 1 }))).toEqual(['pass']);
  });

  test('counts decided at deploy time, or short periods needing several datapoints, are unknown', () => {
    expect(withAlarm({ DatapointsToAlarm: { Ref: 'N' } }, { N: { Type: 'Number' } }).map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/parameter N/)]]);
    expect(withAlarm({ Period: 3600, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 35 }).map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/depends on TreatMissingData/)]]);
  });
});

describe('ElbHttpRedirect', () => {
  const rule = 'ElbHttpRedirect';
  const http = (redirect: any) => ({ Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'ALB' }, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: redirect }] } });
  const good = { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' };
  const ruleRedirect = (redirect: any) => ({ Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Http' }, Priority: 1, Conditions: [{ Field: 'host-header', Values: ['legacy.example.com'] }], Actions: [{ Type: 'redirect', RedirectConfig: redirect }] } });

  test('4. a listener rule redirecting without Protocol (or to HTTP, #{protocol}) keeps plain HTTP: fail', () => {
    for (const redirect of [{ Host: 'old-app.example.net', StatusCode: 'HTTP_302' }, { Protocol: 'HTTP', Host: 'x.example.net', StatusCode: 'HTTP_301' }, { Protocol: '#{protocol}', Host: 'x.example.net', StatusCode: 'HTTP_301' }]) {
      expect(judged(rule, { ALB: alb, Http: http(good), LegacyRule: ruleRedirect(redirect) }).map(([r, s, m]) => [r, s, m]))
        .toEqual([['LegacyRule', 'fail', expect.stringMatching(/listener rule LegacyRule: redirect (sets no Protocol|Protocol is #\{protocol\}): it keeps the request's, plain HTTP|listener rule LegacyRule: redirect goes to HTTP, not HTTPS/)]]);
    }
  });

  test('4. a rule redirecting to HTTPS on 443 passes; its protocol decided at deploy time is unknown', () => {
    expect(statuses(judged(rule, { ALB: alb, Http: http(good), LegacyRule: ruleRedirect({ Protocol: 'HTTPS', Port: '443', Host: 'new.example.com', StatusCode: 'HTTP_302' }) }))).toEqual(['pass']);
    const open = judged(rule, { ALB: alb, Http: http(good), LegacyRule: ruleRedirect({ Protocol: { Ref: 'P' }, Port: '443', StatusCode: 'HTTP_301' }) }, { Parameters: { P: { Type: 'String' } } });
    expect(open.map(([r, s, m]) => [r, s, m])).toEqual([['LegacyRule', 'unknown', expect.stringMatching(/redirect protocol decided at deploy time/)]]);
  });

  test('5. a Network Load Balancer TCP listener on port 80 passes plain HTTP through: fail', () => {
    const nlb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: ['subnet-1', 'subnet-2'] } };
    const tg = (targetType?: any) => ({ Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'TCP', VpcId: 'vpc-1', ...(targetType ? { TargetType: targetType } : {}) } });
    const tcp = (port: any) => ({ Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'NLB' }, Port: port, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TG' } }] } });
    expect(judged(rule, { NLB: nlb, TG: tg(), Plain: tcp(80), ALB: alb, Redirect: http(good) }).map(([r, s, m]) => [r, s, m])).toEqual([
      ['Plain', 'fail', 'a TCP listener on port 80 passes plain HTTP through unencrypted: a Network Load Balancer cannot redirect to HTTPS'],
      ['Redirect', 'pass', 'HTTP listener redirects to HTTPS with a 301'],
    ]);
    // Passed to an Application Load Balancer, whose own HTTP listener is judged; other ports are not judged; an open port is unknown.
    expect(judged(rule, { NLB: nlb, TG: tg('alb'), Plain: tcp(80) })).toEqual([]);
    expect(judged(rule, { NLB: nlb, TG: tg(), Plain: tcp(5432) })).toEqual([]);
    expect(statuses(judged(rule, { NLB: nlb, TG: tg(), Plain: tcp({ Ref: 'Port' }) }, { Parameters: { Port: { Type: 'Number' } } }))).toEqual(['unknown']);
  });

  test('6. a redirect to HTTPS that keeps port 80 (no Port, #{port}, or 80) fails; an open Port is unknown', () => {
    for (const port of [undefined, '#{port}', '80']) {
      const f = judged(rule, { ALB: alb, Http: http({ Protocol: 'HTTPS', StatusCode: 'HTTP_301', ...(port ? { Port: port } : {}) }) });
      expect(f.map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/redirect to HTTPS (sets no Port|has Port #\{port\}|on port 80, this plain-HTTP listener's own)/)]]);
    }
    const open = judged(rule, { ALB: alb, Http: http({ Protocol: 'HTTPS', StatusCode: 'HTTP_301', Port: { Ref: 'P' } }) }, { Parameters: { P: { Type: 'String' } } });
    expect(open.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/redirect port decided at deploy time/)]]);
    expect(statuses(judged(rule, { ALB: alb, Http: http(good) }))).toEqual(['pass']);
  });
});

describe('7. TargetGroupHealthCheck: a gRPC target group is judged on GrpcCode', () => {
  const tg = (matcher?: any) => judged('TargetGroupHealthCheck', {
    TG: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 50051, Protocol: 'HTTP', ProtocolVersion: 'GRPC', VpcId: 'vpc-1', TargetType: 'ip', HealthCheckPath: '/grpc.health.v1.Health/Check', ...(matcher ? { Matcher: matcher } : {}) } },
  });

  test('GrpcCode 0-99 (and 0,14) counts failing answers as healthy: fail', () => {
    expect(tg({ GrpcCode: '0-99' }).map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/gRPC health check on \/grpc.health.v1.Health\/Check counts codes 0-99 as healthy: a failing answer/)]]);
    expect(statuses(tg({ GrpcCode: '0,14' }))).toEqual(['fail']);
  });

  test('the default GrpcCode 12 (UNIMPLEMENTED) does not test the health service: fail', () => {
    expect(tg().map(([, s, m]) => [s, m])).toEqual([['fail', expect.stringMatching(/counts code 12 \(UNIMPLEMENTED, the default\) as healthy/)]]);
  });

  test('GrpcCode 0 passes; one decided at deploy time is unknown', () => {
    expect(statuses(tg({ GrpcCode: '0' }))).toEqual(['pass']);
    const open = judged('TargetGroupHealthCheck', {
      TG: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 50051, Protocol: 'HTTP', ProtocolVersion: 'GRPC', VpcId: 'vpc-1', TargetType: 'ip', HealthCheckPath: '/grpc.health.v1.Health/Check', Matcher: { GrpcCode: { Ref: 'Codes' } } } },
    }, { Parameters: { Codes: { Type: 'String' } } });
    expect(open.map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/healthy gRPC codes are decided at deploy time/)]]);
  });
});

describe('8. ClbHttpsListener: a TCP:443 pass-through is unknown, as on a Network Load Balancer (was a FAIL)', () => {
  test('TCP on 443 only: unknown; TCP on another port: fail', () => {
    const f = judged('ClbHttpsListener', { CLB: clb([{ LoadBalancerPort: '443', InstancePort: '443', Protocol: 'TCP', InstanceProtocol: 'TCP' }]) });
    expect(f.map(([, s, m]) => [s, m])).toEqual([['unknown', 'TCP listener on 443 passes TLS through to the instances, whose certificate and TLS policy the template does not show']]);
    expect(statuses(judged('ClbHttpsListener', { CLB: clb([{ LoadBalancerPort: '8080', InstancePort: '8080', Protocol: 'TCP', InstanceProtocol: 'TCP' }]) }))).toEqual(['fail']);
  });
});
