/**
 * CanaryDeployment: every prop that can weaken a release item is refused unless acknowledged,
 * and GoLiveChecks fails the same weakening.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CanaryDeployment, CanaryDeploymentProps, TrafficShift } from '../../../lib/aws/canary-deployment';
import { Check, weakeningSuite } from './harness';

const IMAGE = 'public.ecr.aws/docker/library/node@sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32';
const UNENCRYPTED_TOPIC = 'a topic of this app without a KMS key';
const KEY_WITHOUT_ROTATION = 'a KMS key of this app without rotation';

function own(stack: Stack, props: { [name: string]: unknown }): Partial<CanaryDeploymentProps> {
  const p = { ...props };
  if (p.alarmTopic === UNENCRYPTED_TOPIC) p.alarmTopic = new sns.Topic(stack, 'PlainTopic');
  if (p.encryptionKey === KEY_WITHOUT_ROTATION) p.encryptionKey = new kms.Key(stack, 'StaticKey', { enableKeyRotation: false });
  return p as Partial<CanaryDeploymentProps>;
}

weakeningSuite({
  construct: 'CanaryDeployment',
  propsType: 'CanaryDeploymentProps',
  configurations: {
    lambda: (stack, props) => {
      const fn = new lambda.Function(stack, 'Api', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
      return new CanaryDeployment(stack, 'Release', { lambdaFunction: fn, ...own(stack, props) });
    },
    ecs: (stack, props) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
      const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
      const listener = alb.addListener('Https', {
        port: 443,
        certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')],
        defaultAction: elbv2.ListenerAction.fixedResponse(404),
      });
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      const task = new ecs.FargateTaskDefinition(stack, 'Task');
      task.addContainer('web', { image: ecs.ContainerImage.fromRegistry(IMAGE), portMappings: [{ containerPort: 8080 }] });
      const service = new ecs.FargateService(stack, 'Web', { cluster, taskDefinition: task, minHealthyPercent: 100, desiredCount: 3 });
      return new CanaryDeployment(stack, 'Release', { ecsService: service, listener, ...own(stack, props) });
    },
  },
  weakenings: [
    { prop: 'trafficShift.allAtOnce()', item: 'DEPLOY-PROGRESSIVE', props: { trafficShift: TrafficShift.allAtOnce() }, propInMessage: 'trafficShift', label: 'TrafficShift.allAtOnce()', check: Check.fails() },
    { prop: 'autoRollback', item: 'DEPLOY-CANARY-ROLLBACK', props: { autoRollback: false }, check: Check.fails() },
    { prop: 'healthHooks', item: 'DEPLOY-HEALTH-HOOKS', props: { healthHooks: false }, check: Check.fails() },
    // On ECS: the example function of the Lambda configuration logs to a group no stack manages (its own LOG-RETENTION finding).
    { prop: 'logRetention', item: 'LOG-RETENTION', props: { logRetention: logs.RetentionDays.ONE_WEEK }, configuration: 'ecs', check: Check.fails() },
    { prop: 'deregistrationDelay', item: 'DEPLOY-GRACEFUL-SHUTDOWN', props: { deregistrationDelay: Duration.seconds(0) }, label: '0 s', configuration: 'ecs', check: Check.fails() },
    { prop: 'alarmTopic', item: 'ALARM-TOPIC-ENCRYPTED', props: { alarmTopic: UNENCRYPTED_TOPIC }, label: UNENCRYPTED_TOPIC, check: Check.fails() },
    { prop: 'encryptionKey', item: 'KMS-KEY-ROTATION', props: { encryptionKey: KEY_WITHOUT_ROTATION }, label: KEY_WITHOUT_ROTATION, check: Check.fails() },
  ],
  untouched: {
    lambdaFunction: 'what is released (Lambda)',
    aliasName: 'a name: no checklist item',
    healthCheckEventFormat: 'the shape of the hooks\' synthetic request: the hooks run either way (DEPLOY-HEALTH-HOOKS)',
    ecsService: 'what is released (ECS)',
    listener: 'where the ECS canary shifts traffic',
    listenerRulePriority: 'rule ordering: no checklist item',
    listenerConditions: 'which requests the service answers: no checklist item',
    containerName: 'which container takes traffic',
    containerPort: 'the port of that container: no checklist item',
    bakeTime: 'whole minutes (an error otherwise); the alarms act through the bake either way',
    healthCheckPath: 'the target groups\' health check path; HEALTH-ENDPOINT is the endpoint\'s item',
    'trafficShift.canary()': 'progressive: the percent and interval DEPLOY-PROGRESSIVE accepts (below 3 % an error)',
    'trafficShift.linear()': 'progressive: the percent and interval DEPLOY-PROGRESSIVE accepts (below 3 % an error)',
    alarms: 'more alarms to roll back on, never fewer than the construct\'s own',
    serviceAlarms: 'the service alarms the release also rolls back on, added to its own',
    thresholds: 'only ever tightens: a looser value is an error',
  },
}, ['lib/aws/canary-deployment.ts']);
