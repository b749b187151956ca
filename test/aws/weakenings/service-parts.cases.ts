/**
 * The public constructs ProductionService is composed of, used alone: ExternalHealthProbe,
 * LogArchive and CloudFrontEdge refuse what the checks fail, unless acknowledged.
 */
import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CloudFrontEdge, CloudFrontEdgeProps } from '../../../lib/aws/cloudfront-edge';
import { ExternalHealthProbe, ExternalHealthProbeProps } from '../../../lib/aws/external-health-probe';
import { LogArchive, LogArchiveProps } from '../../../lib/aws/log-archive';
import { Check, weakeningSuite } from './harness';

/** Values that need the stack: built by the configurations. */
const UNENCRYPTED_TOPIC = 'a topic of this app without a KMS key';
const KEY_WITHOUT_ROTATION = 'a KMS key of this app without rotation';

/** The stack's rotating key and encrypted topic, unless the row asks for a weak one. */
function keyAndTopic(stack: Stack, props: { [name: string]: unknown }): { [name: string]: unknown } {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  return {
    encryptionKey: props.encryptionKey === KEY_WITHOUT_ROTATION ? new kms.Key(stack, 'StaticKey', { enableKeyRotation: false }) : props.encryptionKey ?? key,
    alarmTopic: props.alarmTopic === UNENCRYPTED_TOPIC ? new sns.Topic(stack, 'PlainTopic') : props.alarmTopic ?? new sns.Topic(stack, 'Topic', { masterKey: key, enforceSSL: true }),
  };
}
const weakKeyRow = { prop: 'encryptionKey', item: 'KMS-KEY-ROTATION', props: { encryptionKey: KEY_WITHOUT_ROTATION }, label: KEY_WITHOUT_ROTATION, check: Check.fails() };
const weakTopicRow = { prop: 'alarmTopic', item: 'ALARM-TOPIC-ENCRYPTED', props: { alarmTopic: UNENCRYPTED_TOPIC }, label: UNENCRYPTED_TOPIC, check: Check.fails() };

weakeningSuite({
  construct: 'ExternalHealthProbe',
  propsType: 'ExternalHealthProbeProps',
  configurations: {
    probe: (stack, props) => new ExternalHealthProbe(stack, 'Probe', { url: 'https://api.example.com/health', ...props, ...keyAndTopic(stack, props) } as ExternalHealthProbeProps),
  },
  weakenings: [weakKeyRow, weakTopicRow],
  untouched: {
    url: 'what is probed; an https:// URL (an error otherwise)',
    name: 'names only',
    canaryName: 'a name Synthetics accepts (an error otherwise)',
    serverAccessLogsBucket: 'where the artifacts bucket\'s access logs go: no claimed item',
  },
}, ['lib/aws/external-health-probe.ts']);

weakeningSuite({
  construct: 'LogArchive',
  propsType: 'LogArchiveProps',
  configurations: {
    archive: (stack, props) => {
      const { encryptionKey } = keyAndTopic(stack, props);
      const logGroup = new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: encryptionKey as kms.IKey });
      return new LogArchive(stack, 'Archive', { logGroup, name: 'orders', ...props, encryptionKey } as LogArchiveProps);
    },
  },
  weakenings: [
    weakKeyRow,
    { prop: 'errorLogRetention', item: 'LOG-RETENTION', props: { errorLogRetention: logs.RetentionDays.ONE_WEEK }, check: Check.fails() },
  ],
  untouched: {
    logGroup: 'what is archived: its own retention is LOG-RETENTION of whoever made it',
    name: 'the key prefix of the archive',
    retention: 'the archive\'s lifetime above 30 days (an error otherwise); LOG-ARCHIVE asks for the archive',
    serverAccessLogsBucket: 'where the archive bucket\'s access logs go: no claimed item',
    thresholds: 'only ever tightens: a looser value is an error',
  },
}, ['lib/aws/log-archive.ts']);

weakeningSuite({
  construct: 'CloudFrontEdge',
  propsType: 'CloudFrontEdgeProps',
  configurations: {
    edge: (_stack, props) => {
      // CloudFront takes certificates and web ACLs from us-east-1 only.
      const stack = new Stack(_stack.node.scope as Construct, 'Edge', { env: { account: '111111111111', region: 'us-east-1' } });
      new CfnWaitConditionHandle(_stack, 'Nothing'); // the harness's own stack: not empty, judged for nothing
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      const own: { [name: string]: unknown } = { ...props };
      if (own.encryptionKey === KEY_WITHOUT_ROTATION || own.alarmTopic === UNENCRYPTED_TOPIC) Object.assign(own, keyAndTopic(stack, props));
      return new CloudFrontEdge(stack, 'Cdn', { domainName: 'static.example.com', hostedZone: zone, ...own } as CloudFrontEdgeProps);
    },
  },
  weakenings: [weakKeyRow, weakTopicRow],
  untouched: {
    domainName: 'the certificate\'s name: no checklist item',
    hostedZone: 'where the certificate is validated',
    name: 'names only',
    alarmEmails: 'more recipients, never fewer than the topic',
    thresholds: 'only ever tightens: a looser value is an error',
  },
}, ['lib/aws/cloudfront-edge.ts']);
