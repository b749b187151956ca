import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { claim, refuseKeyWithoutRotation, refuseUnencryptedTopic } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';
import { applyParentLogicalIds } from './private/logical-ids';
import { encryptedBucketProps, logicalIdOf, logServerAccess, nagArn } from './private/naming';

/**
 * Properties of an `ExternalHealthProbe`.
 */
export interface ExternalHealthProbeProps {
  /** The URL the probe requests, such as `https://api.example.com/health`: an https:// URL. */
  readonly url: string;

  /**
   * The key that encrypts the probe's run artifacts (its bucket and the canary's S3 writes).
   */
  readonly encryptionKey: kms.IKey;

  /**
   * The topic the probe's alarm notifies (in ALARM and back to OK).
   */
  readonly alarmTopic: sns.ITopic;

  /**
   * What the probe watches, in its alarm description and role description ("<name>: <url> failed ...").
   * @default - the canary name
   */
  readonly name?: string;

  /**
   * The Synthetics canary name: lowercase letters, digits, `-` and `_`, at most 21 characters.
   * @default - derived from `name`, shortened with a hash when longer than 21 characters
   */
  readonly canaryName?: string;

  /**
   * A bucket that receives the S3 server access logs of the artifacts bucket (under `s3/<name>-probe/`);
   * the construct adds the statement that lets S3's log delivery write there.
   * @default - no server access logs
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * An external probe of a health endpoint (HEALTH-EXTERNAL-PROBE): a CloudWatch Synthetics
 * canary that requests `url` from outside the VPC every minute and fails on anything but a 2xx
 * answer within 30 seconds, and an alarm that notifies `alarmTopic` when 2 of the last 3 runs
 * failed (no data counts as failing). Its run artifacts go to an encrypted, versioned, TLS-only
 * bucket that keeps them 90 days.
 *
 * Unlike the load balancer's health check, it sees what a client sees: DNS, the certificate,
 * the load balancer and the web ACL. `ProductionService` makes one for its domain.
 *
 * @example
 * new ExternalHealthProbe(this, 'Probe', {
 *   url: 'https://api.example.com/health',
 *   encryptionKey: key,
 *   alarmTopic: topic,
 * });
 */
export class ExternalHealthProbe extends Construct {
  /** The Synthetics canary. */
  public readonly canary: synthetics.Canary;
  /** The alarm on failed runs. */
  public readonly alarm: cloudwatch.Alarm;
  /** The bucket of the run artifacts. */
  public readonly artifactsBucket: s3.Bucket;
  /** The canary's execution role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ExternalHealthProbeProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.url) && !/^https:\/\/[^/\s]+/.test(props.url)) {
      throw new Error(`ExternalHealthProbe ${this.node.path}: url must be an https:// URL, got '${props.url}'`);
    }
    const canaryName = props.canaryName ?? probeName(props.name ?? this.node.id.toLowerCase());
    if (!Token.isUnresolved(canaryName) && !/^[0-9a-z_-]{1,21}$/.test(canaryName)) {
      throw new Error(`ExternalHealthProbe ${this.node.path}: canaryName must be at most 21 lowercase letters, digits, - or _, got '${canaryName}'`);
    }
    const name = props.name ?? canaryName;
    const key = props.encryptionKey;
    refuseKeyWithoutRotation(this, key, 'encryptionKey');
    refuseUnencryptedTopic(this, props.alarmTopic, 'alarmTopic');

    const bucket = new s3.Bucket(this, 'ProbeArtifacts', {
      ...encryptedBucketProps(key),
      lifecycleRules: [{
        id: 'ExpireProbeArtifacts',
        transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
        expiration: Duration.days(90),
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    logServerAccess(bucket, props.serverAccessLogsBucket, `${name}-probe`, 'Probe');
    Validations.of(bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'The probe\'s run artifacts (screenshots, reports) are diagnostics kept 90 days; losing them with a region loses nothing the service needs.',
    });
    const role = new iam.Role(this, 'ProbeRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `External health probe of the ${name} service`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `/aws/lambda/cwsyn-${canaryName}-*` })],
    }));
    const canary = new synthetics.Canary(this, 'HealthProbe', {
      canaryName,
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(HEALTH_PROBE_CODE), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(Duration.minutes(1)),
      environmentVariables: { PROBE_URL: props.url },
      timeout: Duration.seconds(30),
      role,
      artifactsBucketLocation: { bucket, prefix: 'runs' },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: key,
      successRetentionPeriod: Duration.days(7),
      failureRetentionPeriod: Duration.days(31),
      startAfterCreation: true,
      provisionedResourceCleanup: true,
    });
    const alarm = new cloudwatch.Alarm(this, 'HealthProbeAlarm', {
      alarmDescription: `${name}: ${props.url} failed from outside the VPC in 2 of the last 3 one-minute runs`,
      metric: canary.metricSuccessPercent({ period: Duration.minutes(1), statistic: cloudwatch.Stats.AVERAGE }),
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      actionsEnabled: true,
    });
    const action = new cw_actions.SnsAction(props.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);

    // Logical ids are final from here on (the cdk-nag finding ids below name them).
    applyParentLogicalIds(this);
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudwatch:PutMetricData supports no resource-level permissions; the statement is limited to the CloudWatchSynthetics namespace by a condition.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/*]`,
        reason: 'The probe writes its run artifacts (screenshots, HAR files, reports) under any key of its own bucket.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(this, 'logs', `log-group:/aws/lambda/cwsyn-${canaryName}-*`)}]`,
        reason: 'The log group of the probe\'s Lambda function, whose name Synthetics suffixes with an id at creation.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Written by the CDK (key.grantEncryptDecrypt): the probe encrypts its artifacts with the service key.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Written by the CDK (key.grantEncryptDecrypt): the probe encrypts its artifacts with the service key.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The probe role\'s own policy: its artifacts bucket, its log group and its metrics namespace; no other principal would share it.',
      },
    );
    claim(this, 'HEALTH-EXTERNAL-PROBE');
    acknowledgeSameChecks(this); // used alone, its NIST acknowledgements also answer HIPAA and PCI
    this.canary = canary;
    this.alarm = alarm;
    this.artifactsBucket = bucket;
    this.role = role;
  }
}

/** A Synthetics canary name: lowercase, at most 21 characters. */
function probeName(serviceName: string): string {
  const base = serviceName.replace(/[^a-z0-9_-]/g, '-');
  return base.length <= 21 ? base : `${base.slice(0, 14)}-${hash(base)}`;
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36).slice(0, 6);
}

/**
 * The external probe: one HTTPS GET of the health endpoint per run, failing on
 * anything but a 2xx answer within the timeout.
 */
const HEALTH_PROBE_CODE = `
const synthetics = require('Synthetics');
exports.handler = async () => {
  const url = new URL(process.env.PROBE_URL);
  await synthetics.executeHttpStep('GET ' + url.pathname, {
    hostname: url.hostname,
    method: 'GET',
    path: url.pathname + url.search,
    port: 443,
    protocol: 'https:',
    headers: { 'User-Agent': synthetics.getCanaryUserAgentString() },
  }, async (res) => {
    if (res.statusCode < 200 || res.statusCode > 299) throw new Error(url.href + ' answered ' + res.statusCode);
  });
};
`;
