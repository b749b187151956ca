/**
 * Secure defaults shared by ProductionCache and AppSecret: the customer-managed
 * key they create when none is given, the key policy statements the AWS
 * services that write with it need, the encrypted TLS-only alarm topic, and the
 * log retention that meets the catalog threshold.
 *
 * Not exported from the package.
 */
import { Aws, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { refuseWeakening } from './guard';
import { Thresholds } from '../../checklist/thresholds';

/**
 * A new symmetric customer-managed key that rotates every year (KMS-KEY-ROTATION),
 * kept when the stack is deleted, with the key policy statements CloudWatch Logs,
 * CloudWatch alarms and EventBridge need to write with it.
 * @internal
 */
export function createKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  allowServicesToUseKey(key);
  return key;
}

const KEYS_WITH_SERVICE_STATEMENTS = new WeakSet<IConstruct>();

/**
 * Let CloudWatch Logs (log groups encrypted with the key), CloudWatch alarms and
 * EventBridge (publishing to a topic encrypted with the key) use the key. Added
 * once per key; a no-op for an imported key (whose policy the user owns).
 * @internal
 */
export function allowServicesToUseKey(key: kms.IKey): void {
  if (KEYS_WITH_SERVICE_STATEMENTS.has(key)) return;
  KEYS_WITH_SERVICE_STATEMENTS.add(key);
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsToUseTheKey',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:log-group:*` },
    },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowAlarmsAndEventsToPublishToEncryptedTopics',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    // No aws:SourceAccount condition: CloudWatch alarm actions do not always carry it,
    // and publishing still needs the topic policy, which only admits this account.
    resources: ['*'],
  }));
}

/**
 * A new SNS topic for alarms and notifications, encrypted with `key`
 * and refusing requests without TLS (ALARM-TOPIC-ENCRYPTED).
 * @internal
 */
export function createAlarmTopic(scope: Construct, id: string, key: kms.IKey, displayName: string): sns.Topic {
  allowServicesToUseKey(key);
  const topic = new sns.Topic(scope, id, {
    displayName,
    masterKey: key,
    enforceSSL: true,
  });
  // The topic policy replaces SNS's default one: admit this account's CloudWatch
  // alarms explicitly (EventBridge targets add their own statement).
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowThisAccountsAlarmsToPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(topic).account } },
  }));
  return topic;
}

/**
 * The shortest CloudWatch Logs retention that keeps logs at least `days` days.
 * @internal
 */
export function retentionAtLeast(days: number): logs.RetentionDays {
  const values = (Object.values(logs.RetentionDays).filter((v) => typeof v === 'number') as number[])
    .filter((v) => v !== logs.RetentionDays.INFINITE)
    .sort((a, b) => a - b);
  const found = values.find((v) => v >= days);
  return (found ?? logs.RetentionDays.INFINITE) as logs.RetentionDays;
}

/**
 * Whether a log retention meets the `logRetentionDays` threshold in force (INFINITE always does).
 * @internal
 */
export function retentionMeets(thresholds: Thresholds, retention: logs.RetentionDays): boolean {
  return retention === logs.RetentionDays.INFINITE || thresholds.meets('logRetentionDays', retention);
}

/**
 * Refuse (KMS-KEY-ROTATION) a key of this app that does not rotate. An imported
 * key is the user's: neither the construct nor the checks can read its rotation.
 * @internal
 */
export function refuseKeyWithoutRotation(scope: IConstruct, key: kms.IKey, prop: string): void {
  const cfn = key.node.defaultChild;
  if (!(cfn instanceof kms.CfnKey)) return;
  if (cfn.enableKeyRotation !== true) {
    refuseWeakening(scope, 'KMS-KEY-ROTATION', prop, `the key ${key.node.path} does not rotate (enableKeyRotation is not true)`);
  }
}

/**
 * Refuse (ALARM-TOPIC-ENCRYPTED) a topic of this app that is not encrypted with a
 * customer-managed key, or that accepts requests without TLS. An imported topic is
 * the user's: neither the construct nor the checks can read it.
 * @internal
 */
export function refuseUnprotectedTopic(scope: IConstruct, topic: sns.ITopic, prop: string): void {
  const cfn = topic.node.defaultChild;
  if (!(cfn instanceof sns.CfnTopic)) return;
  const key = cfn.kmsMasterKeyId;
  if (key === undefined || (typeof key === 'string' && !Token.isUnresolved(key) && /alias\/aws\/sns$/.test(key))) {
    refuseWeakening(scope, 'ALARM-TOPIC-ENCRYPTED', prop, `the topic ${topic.node.path} is not encrypted with a customer-managed key (masterKey)`);
    return;
  }
  const policy = topic.node.tryFindChild('Policy');
  const document = policy instanceof sns.TopicPolicy ? JSON.stringify(Stack.of(topic).resolve(policy.document.toJSON())) : '';
  if (!document.includes('aws:SecureTransport')) {
    refuseWeakening(scope, 'ALARM-TOPIC-ENCRYPTED', prop, `the topic ${topic.node.path} accepts requests without TLS (enforceSSL: true adds the statement that denies them)`);
  }
}

/**
 * Refuse (NET-RESTRICTED-INGRESS) security groups of this app that admit the
 * whole internet (0.0.0.0/0 or ::/0) when the construct is created: a data
 * store is reached from what `connections.allowDefaultPortFrom()` names, never
 * from anywhere. (A rule added later is the checks' to find.)
 * @internal
 */
export function refuseOpenSecurityGroups(scope: IConstruct, groups: ec2.ISecurityGroup[], prop: string): void {
  for (const group of groups) {
    const cfn = group.node.defaultChild;
    if (!(cfn instanceof ec2.CfnSecurityGroup)) continue;
    const stack = Stack.of(group);
    const inline = (stack.resolve(cfn.securityGroupIngress) ?? []) as Array<{ cidrIp?: string; cidrIpv6?: string }>;
    const separate = stack.node.findAll().filter((c): c is ec2.CfnSecurityGroupIngress => c instanceof ec2.CfnSecurityGroupIngress)
      .filter((r) => JSON.stringify(stack.resolve(r.groupId)) === JSON.stringify(stack.resolve(group.securityGroupId)))
      .map((r) => ({ cidrIp: r.cidrIp, cidrIpv6: r.cidrIpv6 }));
    const open = [...inline, ...separate].find((r) => r.cidrIp === '0.0.0.0/0' || r.cidrIpv6 === '::/0');
    if (open) {
      refuseWeakening(scope, 'NET-RESTRICTED-INGRESS', prop, `the security group ${group.node.path} admits ${open.cidrIp ?? open.cidrIpv6} (the whole internet)`);
    }
  }
}
