import { App, Duration, RemovalPolicy, Stack, aws_cloudwatch as cw, aws_cloudwatch_actions as cwa, aws_dynamodb as ddb, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_logs as logs, aws_s3 as s3, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * One "unit" of a typical service stack, built from L2 constructs so every
 * checker has real work: a KMS key, an encrypted topic, a bucket with its
 * policy, a queue, a table, a log group, a function with role and policy, and
 * two alarms with actions. About 14 CloudFormation resources.
 */
class Unit extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    const topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    new s3.Bucket(this, 'Bucket', { encryptionKey: key, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true });
    const queue = new sqs.Queue(this, 'Queue', { encryptionMasterKey: key, enforceSSL: true });
    new ddb.Table(this, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, encryptionKey: key, encryption: ddb.TableEncryption.CUSTOMER_MANAGED, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key });
    const fn = new lambda.Function(this, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      logGroup,
      environment: { ENVIRONMENT: 'production', QUEUE_URL: queue.queueUrl },
      tracing: lambda.Tracing.ACTIVE,
    });
    queue.grantSendMessages(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    for (const [name, metric] of [['Errors', fn.metricErrors({ period: Duration.minutes(1) })], ['Duration', fn.metricDuration({ period: Duration.minutes(1), statistic: 'p95' })]] as const) {
      const alarm = new cw.Alarm(this, `${name}Alarm`, { metric, threshold: 1, evaluationPeriods: 3 });
      alarm.addAlarmAction(new cwa.SnsAction(topic));
    }
  }
}

/** An app with `stacks` stacks of about `resourcesPerStack` resources each. */
export function generateApp(stacks: number, resourcesPerStack: number): App {
  const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 5000 }, analyticsReporting: false });
  for (let s = 0; s < stacks; s++) {
    const stack = new Stack(app, `Bench${s}`, { env: { account: '111111111111', region: 'eu-west-1' } });
    let units = 0;
    // ~14 resources per unit (+ shared ones per stack)
    while ((units + 1) * 14 <= resourcesPerStack || units === 0) new Unit(stack, `U${units++}`);
  }
  return app;
}
