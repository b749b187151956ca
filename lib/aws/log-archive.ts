import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logs_destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ThresholdOverrides } from '../checklist/thresholds';
import { retentionAtLeast, retentionMeets } from './private/data-tier-defaults';
import { claim, refuseKeyWithoutRotation, refuseWeakening, thresholdsFor } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';
import { applyParentLogicalIds } from './private/logical-ids';
import { encryptedBucketProps, logicalIdOf, logServerAccess } from './private/naming';

/** Archived logs move to Glacier Instant Retrieval after this many days. */
const ARCHIVE_AFTER_DAYS = 30;

/**
 * Properties of a `LogArchive`.
 */
export interface LogArchiveProps {
  /** The log group whose every event is archived. */
  readonly logGroup: logs.ILogGroup;

  /** The key that encrypts the archive bucket, the delivery stream and its error log group. */
  readonly encryptionKey: kms.IKey;

  /**
   * The name under which the logs are archived: objects are written under `logs/<name>/<yyyy/MM/dd>/`.
   * Letters, digits, `-`, `_` and `.`.
   */
  readonly name: string;

  /**
   * How long archived logs are kept: a whole number of days above 30 (they move to Glacier
   * Instant Retrieval after 30).
   * @default - the `auditLogRetentionDays` threshold (365 days)
   */
  readonly retention?: Duration;

  /**
   * The retention of the log group of the delivery stream's errors. Shorter than `logRetentionDays`
   * is refused (LOG-RETENTION) unless acknowledged.
   * @default - the shortest retention of at least the `logRetentionDays` threshold (30 days)
   */
  readonly errorLogRetention?: logs.RetentionDays;

  /**
   * A bucket that receives the S3 server access logs of the archive bucket (under
   * `s3/<name>-log-archive/`); the construct adds the statement that lets S3's log delivery write there.
   * @default - no server access logs
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Thresholds tightening the catalog's (and the app context's).
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * An archive of a log group in S3 (LOG-ARCHIVE): a subscription filter sends every event to an
 * Amazon Data Firehose stream (encrypted with the key) that writes them, in five-minute batches,
 * to a versioned, TLS-only bucket encrypted with the key; objects move to Glacier Instant
 * Retrieval after 30 days and expire after `retention`. Delivery errors go to their own encrypted
 * log group. `ProductionService` archives its application log group with one.
 *
 * @example
 * new LogArchive(this, 'Archive', { logGroup, encryptionKey: key, name: 'orders' });
 */
export class LogArchive extends Construct {
  /** The archive bucket. */
  public readonly bucket: s3.Bucket;
  /** The Firehose stream that delivers the logs to the bucket. */
  public readonly deliveryStream: firehose.DeliveryStream;
  /** The log group of the stream's delivery errors. */
  public readonly errorLogGroup: logs.LogGroup;
  /** How long archived logs are kept, in days. */
  public readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    if (!Token.isUnresolved(props.name) && !/^[A-Za-z0-9._-]+$/.test(props.name)) {
      throw new Error(`LogArchive ${this.node.path}: name must be letters, digits, -, _ and ., got '${props.name}'`);
    }
    const retention = props.retention ?? Duration.days(t.auditLogRetentionDays);
    const retentionDays = retention.toDays({ integral: false });
    if (!Number.isInteger(retentionDays) || retentionDays <= ARCHIVE_AFTER_DAYS) {
      throw new Error(`LogArchive ${this.node.path}: retention must be a whole number of days above ${ARCHIVE_AFTER_DAYS} (the archive moves logs to Glacier after ${ARCHIVE_AFTER_DAYS}), got ${retentionDays}`);
    }
    this.retentionDays = retentionDays;
    const key = props.encryptionKey;
    refuseKeyWithoutRotation(this, key, 'encryptionKey');
    const errorLogRetention = props.errorLogRetention ?? retentionAtLeast(t.logRetentionDays);
    if (!retentionMeets(t, errorLogRetention)) {
      refuseWeakening(this, 'LOG-RETENTION', 'errorLogRetention', `${errorLogRetention} days is shorter than the logRetentionDays threshold (${t.logRetentionDays} days)`);
    }
    const bucket = new s3.Bucket(this, 'LogArchive', {
      ...encryptedBucketProps(key),
      lifecycleRules: [{
        id: 'ArchiveThenExpire',
        transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(ARCHIVE_AFTER_DAYS) }],
        expiration: retention,
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    logServerAccess(bucket, props.serverAccessLogsBucket, `${props.name}-log-archive`, 'LogArchive');
    Validations.of(bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'The archive is a second copy of the logs, versioned and retained on stack deletion; replicating it to another region (or a central log archive account) is the organisation\'s log policy, not the service\'s.',
    });
    const errorLogs = new logs.LogGroup(this, 'LogArchiveErrors', {
      retention: errorLogRetention,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stream = new firehose.DeliveryStream(this, 'LogArchiveStream', {
      encryption: firehose.StreamEncryption.customerManagedKey(key),
      destination: new firehose.S3Bucket(bucket, {
        dataOutputPrefix: `logs/${props.name}/!{timestamp:yyyy/MM/dd}/`,
        errorOutputPrefix: `errors/${props.name}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
        encryptionKey: key,
        bufferingInterval: Duration.minutes(5),
        loggingConfig: new firehose.EnableLogging(errorLogs),
      }),
    });
    const subscription = new logs.SubscriptionFilter(this, 'LogArchiveSubscription', {
      logGroup: props.logGroup,
      destination: new logs_destinations.FirehoseDestination(stream),
      filterPattern: logs.FilterPattern.allEvents(),
    });

    // Logical ids are final from here on (the cdk-nag finding ids below name them).
    applyParentLogicalIds(this);
    const cdkGrant = 'Written by the CDK (Firehose S3 destination grants): the delivery stream may write, read back and clean up objects of the archive bucket and use the service key, nothing else.';
    Validations.of(stream).acknowledge(
      ...['kms:ReEncrypt*', 'kms:GenerateDataKey*', 's3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']
        .map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: cdkGrant })),
      { id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/*]`, reason: 'The delivery stream writes archived logs under any key of the archive bucket (dated prefixes).' },
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The delivery stream\'s roles carry their own default policies, written by CDK grants scoped to the archive bucket, the key and the error log group.' },
    );
    Validations.of(subscription).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'CloudWatch Logs\' role for the subscription: put records into this one delivery stream, written by the CDK.',
    });
    claim(this, 'LOG-ARCHIVE');
    acknowledgeSameChecks(this); // used alone, its NIST acknowledgements also answer HIPAA and PCI
    this.bucket = bucket;
    this.deliveryStream = stream;
    this.errorLogGroup = errorLogs;
  }
}
