/**
 * ServiceAlarms: every prop that can weaken an alarm item is refused unless acknowledged, and
 * GoLiveChecks fails the same weakening.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ServiceAlarms, ServiceAlarmsProps } from '../../../lib/aws/service-alarms';
import { Check, weakeningSuite } from './harness';

const IMAGE = 'public.ecr.aws/docker/library/node@sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32';
const UNENCRYPTED_TOPIC = 'a topic of this app without a KMS key';
const PLAIN_TRANSPORT_TOPIC = 'a topic of this app with a KMS key that accepts requests without TLS';
const KEY_WITHOUT_ROTATION = 'a KMS key of this app without rotation';

function alarms(stack: Stack, props: { [name: string]: unknown }): ServiceAlarms {
  const own = { ...props };
  if (own.alarmTopic === UNENCRYPTED_TOPIC) own.alarmTopic = new sns.Topic(stack, 'PlainTopic');
  if (own.alarmTopic === PLAIN_TRANSPORT_TOPIC) own.alarmTopic = new sns.Topic(stack, 'NoTlsTopic', { masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }) });
  if (own.encryptionKey === KEY_WITHOUT_ROTATION) own.encryptionKey = new kms.Key(stack, 'StaticKey', { enableKeyRotation: false });
  return new ServiceAlarms(stack, 'Alarms', own as ServiceAlarmsProps);
}

weakeningSuite({
  construct: 'ServiceAlarms',
  propsType: 'ServiceAlarmsProps',
  configurations: {
    // A serving function (through a function URL) watched for errors and latency.
    lambda: (stack, props) => {
      const fn = new lambda.Function(stack, 'Api', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
      fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
      const a = alarms(stack, props);
      a.monitorFunction(fn);
      return a;
    },
    // A Fargate service watched for CPU and memory.
    ecs: (stack, props) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      const task = new ecs.FargateTaskDefinition(stack, 'Task');
      task.addContainer('app', { image: ecs.ContainerImage.fromRegistry(IMAGE) });
      const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 3 });
      const a = alarms(stack, props);
      a.monitorEcsService(service);
      return a;
    },
  },
  weakenings: [
    { prop: 'errorRatePercent', item: 'ALARM-ERROR-RATE', props: { errorRatePercent: 5 }, check: Check.fails() },
    { prop: 'evaluationPeriods', item: 'ALARM-ERROR-RATE', props: { evaluationPeriods: 10 }, check: Check.fails() },
    { prop: 'latencyP95Threshold', item: 'ALARM-LATENCY-P95', props: { latencyP95Threshold: Duration.seconds(2) }, label: '2 s', check: Check.fails() },
    { prop: 'latencyP99Threshold', item: 'ALARM-LATENCY-P99', props: { latencyP99Threshold: Duration.seconds(5) }, label: '5 s', check: Check.fails() },
    { prop: 'cpuPercent', item: 'ALARM-CPU', props: { cpuPercent: 95 }, configuration: 'ecs', check: Check.fails() },
    { prop: 'memoryPercent', item: 'ALARM-MEMORY', props: { memoryPercent: 95 }, configuration: 'ecs', check: Check.fails() },
    { prop: 'alarmTopic', item: 'ALARM-TOPIC-ENCRYPTED', props: { alarmTopic: UNENCRYPTED_TOPIC }, label: UNENCRYPTED_TOPIC, check: Check.fails() },
    { prop: 'alarmTopic', item: 'ALARM-TOPIC-ENCRYPTED', props: { alarmTopic: PLAIN_TRANSPORT_TOPIC }, label: PLAIN_TRANSPORT_TOPIC, check: Check.fails() },
    { prop: 'encryptionKey', item: 'KMS-KEY-ROTATION', props: { encryptionKey: KEY_WITHOUT_ROTATION }, label: KEY_WITHOUT_ROTATION, check: Check.fails() },
  ],
  untouched: {
    serviceName: 'names only',
    dashboardName: 'a name: no checklist item',
    thresholds: 'only ever tightens: a looser value is an error',
  },
}, ['lib/aws/service-alarms.ts']);
