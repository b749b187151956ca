import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ThresholdOverrides } from '../checklist/thresholds';
import { createAlarmTopic, createKey, retentionAtLeast } from './private/data-tier-defaults';
import { blockedRequestsAlarm, certificateExpiryAlarm, webAclMetrics } from './private/edge-alarms';
import { claim, refuseKeyWithoutRotation, refuseUnencryptedTopic, thresholdsFor } from './private/guard';
import { createHttpsWebAcl } from './private/https-web-acl';

/** CloudFront takes certificates and web ACLs from this region only. */
const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Properties of a `CloudFrontEdge`.
 */
export interface CloudFrontEdgeProps {
  /** The domain name the distribution serves, such as `static.example.com`: the certificate's name. */
  readonly domainName: string;

  /** The public hosted zone of `domainName`: the certificate is validated by DNS in it. */
  readonly hostedZone: route53.IHostedZone;

  /**
   * What the edge protects, in descriptions ("<name>: the web ACL blocked ...").
   * @default - `domainName`
   */
  readonly name?: string;

  /**
   * The customer-managed key that encrypts the web ACL's logs and the alarm topic.
   * @default - a new key with yearly rotation, retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The topic the alarms notify (certificate expiry, blocked requests).
   * @default - a new topic encrypted with `encryptionKey`, TLS-only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the alarm topic.
   * @default - none
   */
  readonly alarmEmails?: string[];

  /**
   * Thresholds tightening the catalog's (and the app context's): the rate limit, the
   * certificate expiry warning, the log retention.
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * What a CloudFront distribution must take from us-east-1: a DNS-validated certificate of its
 * domain (EDGE-CERTIFICATE-MANAGED) with an expiry alarm (EDGE-CERTIFICATE-EXPIRY-ALARM), and a
 * CLOUDFRONT web ACL (WAF-WEB-ACL, WAF-RATE-LIMIT) — the AWS IP reputation list, a per-IP limit
 * of `rateLimitPerMinute` requests a minute, the Common, Known Bad Inputs and SQL injection
 * managed rule groups, full logs to an encrypted log group — with an alarm on the requests it
 * blocks (ALARM-SECURITY-EVENTS) and a dashboard of them (DASHBOARD-SECURITY).
 *
 * Put it in a us-east-1 stack and pass `certificate` and `webAclArn` to the distribution
 * (`HttpsEndpoint`'s or `ProductionService`'s `staticAssets`) in another region, with
 * `crossRegionReferences: true` on both stacks.
 *
 * @example
 * const edge = new CloudFrontEdge(usEast1Stack, 'Edge', {
 *   domainName: 'static.example.com',
 *   hostedZone: zone,
 *   alarmEmails: ['oncall@example.com'],
 * });
 * new ProductionService(serviceStack, 'Web', {
 *   // ...
 *   staticAssets: { domainName: 'static.example.com', certificate: edge.certificate, webAclArn: edge.webAclArn },
 * });
 */
export class CloudFrontEdge extends Construct {
  /** The certificate of `domainName`, in us-east-1. */
  public readonly certificate: acm.Certificate;
  /** The CLOUDFRONT web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The ARN of the web ACL, for a distribution's `webAclId`. */
  public readonly webAclArn: string;
  /** The web ACL's name, also the `WebACL` dimension of its metrics. */
  public readonly webAclName: string;
  /** The web ACL's log group. */
  public readonly webAclLogGroup: logs.ILogGroup;
  /** The customer-managed key. */
  public readonly encryptionKey: kms.IKey;
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The alarm on the certificate's expiry. */
  public readonly certificateExpiryAlarm: cloudwatch.Alarm;
  /** The alarm on requests the web ACL blocks. */
  public readonly blockedRequestsAlarm: cloudwatch.Alarm;
  /** The dashboard of the web ACL's allowed, blocked and rate-limited requests. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CloudFrontEdgeProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== CLOUDFRONT_REGION) {
      throw new Error(`CloudFrontEdge ${this.node.path}: the stack must be in ${CLOUDFRONT_REGION} (CloudFront takes certificates and web ACLs from there only), got ${Token.isUnresolved(region) ? 'no region' : region}: set env: { region: '${CLOUDFRONT_REGION}' } on the stack`);
    }
    const t = thresholdsFor(this, props.thresholds);
    const name = props.name ?? props.domainName;
    this.encryptionKey = props.encryptionKey ?? createKey(this, 'Key', `Encrypts the web ACL logs and the alarm topic of ${name}`);
    if (props.encryptionKey) refuseKeyWithoutRotation(this, props.encryptionKey, 'encryptionKey');
    if (props.alarmTopic) refuseUnencryptedTopic(this, props.alarmTopic, 'alarmTopic');
    this.alarmTopic = props.alarmTopic ?? createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, `Alarms of ${name}`);
    for (const email of props.alarmEmails ?? []) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));

    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
      transparencyLoggingEnabled: true,
    });
    this.certificateExpiryAlarm = certificateExpiryAlarm(this, 'CertificateExpiryAlarm', this.certificate, {
      owner: name, name: props.domainName, days: t.certificateExpiryDays, topic: this.alarmTopic,
    });

    const acl = createHttpsWebAcl(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      rateLimitPerMinute: t.rateLimitPerMinute,
      commonRuleSetCountOnly: [],
      encryptionKey: this.encryptionKey,
      logRetention: retentionAtLeast(t.logRetentionDays),
      protects: name,
    });
    this.webAcl = acl.webAcl;
    this.webAclArn = acl.webAcl.attrArn;
    this.webAclName = acl.name;
    this.webAclLogGroup = acl.logGroup;
    // CloudFront web ACL metrics carry no Region dimension.
    const { allowed, blocked, rateLimited } = webAclMetrics(acl.name);
    this.blockedRequestsAlarm = blockedRequestsAlarm(this, 'BlockedRequestsAlarm', blocked, name, this.alarmTopic);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [[new cloudwatch.GraphWidget({
        title: `${name}: web ACL allowed, blocked and rate-limited requests`.slice(0, 255),
        left: [allowed, blocked, rateLimited],
        width: 24,
      })]],
    });
    const claimed = ['EDGE-CERTIFICATE-MANAGED', 'EDGE-CERTIFICATE-EXPIRY-ALARM', 'WAF-WEB-ACL', 'WAF-RATE-LIMIT', 'ALARM-SECURITY-EVENTS', 'DASHBOARD-SECURITY'];
    if (!props.encryptionKey) claimed.push('KMS-KEY-ROTATION');
    if (!props.alarmTopic) claimed.push('ALARM-TOPIC-ENCRYPTED');
    claim(this, ...claimed);
  }
}
