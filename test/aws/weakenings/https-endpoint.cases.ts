/**
 * HttpsEndpoint: every prop that can weaken an edge, header or WAF item is refused unless
 * acknowledged, and GoLiveChecks fails the same weakening.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HttpsEndpoint, HttpsEndpointProps } from '../../../lib/aws/https-endpoint';
import { Check, weakeningSuite } from './harness';

/** Values that need the stack: built by the configuration. */
const UNENCRYPTED_TOPIC = 'a topic of this app without a KMS key';
const KEY_WITHOUT_ROTATION = 'a KMS key of this app without rotation';
const ONE_ZONE = 'the public subnet of one availability zone';

function endpoint(stack: Stack, props: { [name: string]: unknown }): HttpsEndpoint {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 1 });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const own = { ...props };
  if (own.alarmTopic === UNENCRYPTED_TOPIC) own.alarmTopic = new sns.Topic(stack, 'PlainTopic');
  if (own.encryptionKey === KEY_WITHOUT_ROTATION) own.encryptionKey = new kms.Key(stack, 'StaticKey', { enableKeyRotation: false });
  if (own.vpcSubnets === ONE_ZONE) own.vpcSubnets = { subnets: [vpc.publicSubnets[0]] };
  const e = new HttpsEndpoint(stack, 'Api', { vpc, domainName: 'api.example.com', hostedZone: zone, ...own } as HttpsEndpointProps);
  e.addTargets('Service', { port: 8080, targets: [new targets.IpTarget('10.0.128.10', 8080)] });
  return e;
}

weakeningSuite({
  construct: 'HttpsEndpoint',
  propsType: 'HttpsEndpointProps',
  configurations: { alb: endpoint },
  weakenings: [
    { prop: 'vpcSubnets', item: 'HA-MULTI-AZ', props: { vpcSubnets: ONE_ZONE }, label: ONE_ZONE, check: Check.fails() },
    { prop: 'sslPolicy', item: 'EDGE-HTTPS-LISTENER', props: { sslPolicy: elbv2.SslPolicy.TLS11 }, label: 'TLS11', check: Check.fails() },
    { prop: 'deletionProtection', item: 'EDGE-LB-DELETION-PROTECTION', props: { deletionProtection: false }, check: Check.fails() },
    { prop: 'accessLogs', item: 'EDGE-ACCESS-LOGS', props: { accessLogs: false }, check: Check.fails() },
    { prop: 'accessLogRetentionDays', item: 'EDGE-ACCESS-LOGS', props: { accessLogRetentionDays: 7 }, check: Check.fails() },
    { prop: 'waf', item: 'WAF-WEB-ACL', props: { waf: false }, check: Check.fails() },
    { prop: 'rateLimitPerMinute', item: 'WAF-RATE-LIMIT', props: { rateLimitPerMinute: 10000 }, check: Check.fails() },
    { prop: 'commonRuleSetCountOnly', item: 'WAF-WEB-ACL', props: { commonRuleSetCountOnly: ['SizeRestrictions_BODY'] }, check: Check.fails() },
    { prop: 'wafLogRetention', item: 'LOG-RETENTION', props: { wafLogRetention: logs.RetentionDays.ONE_WEEK }, check: Check.fails() },
    { prop: 'hstsMaxAge', item: 'HEADERS-HSTS', props: { hstsMaxAge: Duration.days(30) }, label: '30 days', check: Check.fails() },
    { prop: 'hstsIncludeSubdomains', item: 'HEADERS-HSTS', props: { hstsIncludeSubdomains: false }, check: Check.fails() },
    { prop: 'contentSecurityPolicy', item: 'HEADERS-CSP', props: { contentSecurityPolicy: 'default-src *' }, check: Check.fails() },
    { prop: 'cors.allowedOrigins', item: 'EDGE-CORS', props: { cors: { allowedOrigins: ['*'] } }, check: Check.fails() },
    { prop: 'staticAssets.webAclArn', item: 'WAF-WEB-ACL', props: { staticAssets: {} }, label: 'staticAssets without webAclArn outside us-east-1', check: Check.fails() },
    { prop: 'alarmTopic', item: 'ALARM-TOPIC-ENCRYPTED', props: { alarmTopic: UNENCRYPTED_TOPIC }, label: UNENCRYPTED_TOPIC, check: Check.fails() },
    { prop: 'encryptionKey', item: 'KMS-KEY-ROTATION', props: { encryptionKey: KEY_WITHOUT_ROTATION }, label: KEY_WITHOUT_ROTATION, check: Check.fails() },
  ],
  untouched: {
    vpc: 'where the load balancer runs; its subnets are the vpcSubnets row',
    internetFacing: 'an internal load balancer keeps its web ACL; internet exposure is no item by itself',
    domainName: 'the name the endpoint answers on: no checklist item',
    hostedZone: 'where the record and validation go; without it EDGE-DNS is not claimed',
    certificate: 'an ACM certificate by type (EDGE-CERTIFICATE-MANAGED)',
    subjectAlternativeNames: 'more names on the certificate: no checklist item',
    securityGroup: 'a security group you bring carries your rules: NET-RESTRICTED-INGRESS is not claimed by the endpoint',
    idleTimeout: 'connection idle time: no checklist item',
    accessLogBucket: 'a bucket you bring receives the logs (EDGE-ACCESS-LOGS), its retention is yours',
    accessLogPrefix: 'a key prefix: no checklist item',
    webAclArn: 'a web ACL you bring is associated (WAF-WEB-ACL is then not claimed: its rules are judged where it is defined)',
    hstsPreload: 'preload is stricter; without includeSubDomains an error',
    frameOptions: 'DENY or SAMEORIGIN, both satisfy HEADERS-FRAME-OPTIONS',
    'cors.allowedHeaders': 'request headers the origin may send: EDGE-CORS judges the origins',
    'cors.allowedMethods': 'the methods the origin may use: EDGE-CORS judges the origins',
    'cors.allowCredentials': 'credentials for one named origin, which EDGE-CORS allows (never with *, refused)',
    'cors.maxAge': 'the preflight cache: no checklist item',
    defaultAction: 'what unmatched requests get: no checklist item',
    'staticAssets.bucket': 'a bucket you bring: the distribution still reads it through origin access control',
    'staticAssets.domainName': 'a name; without a certificate an error',
    'staticAssets.certificate': 'a us-east-1 certificate (an error elsewhere)',
    'staticAssets.priceClass': 'the edge locations: no checklist item',
    'staticAssets.cachePolicy': 'caching: no checklist item',
    'staticAssets.geoRestriction': 'countries served: no checklist item',
    thresholds: 'only ever tightens: a looser value is an error',
  },
}, ['lib/aws/https-endpoint.ts']);
