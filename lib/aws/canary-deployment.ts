import { Annotations, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { ECS_HEALTH_HOOK_CODE, LAMBDA_HEALTH_HOOK_CODE } from './private/canary-hooks';
import { allowServicesToUseKey, createAlarmTopic, createKey, retentionAtLeast, retentionMeets } from './private/data-tier-defaults';
import { claim, refuseKeyWithoutRotation, refuseUnencryptedTopic, refuseWeakening, thresholdsFor } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';
import { ServiceAlarms } from './service-alarms';

/**
 * Seconds the deployer takes from an alarm entering ALARM to starting the
 * rollback. CodeDeploy and ECS poll a deployment's alarms; neither documents
 * the interval. We assume about one minute (what CodeDeploy deployments show
 * in practice) and budget it in `rollbackDetectionSeconds`.
 */
const ROLLBACK_REACTION_SECONDS = 60;
/** One-minute periods: Lambda and ALB metrics have one-minute resolution. */
const PERIOD = Duration.minutes(1);
/** CodeDeploy watches at most ten alarms per deployment group. */
const MAX_CODEDEPLOY_ALARMS = 10;

/**
 * How a release shifts traffic.
 */
export enum TrafficShiftType {
  /** A share of the traffic for a while, then the rest. */
  CANARY = 'CANARY',
  /** Equal steps, a while apart. */
  LINEAR = 'LINEAR',
  /** Everything at once: refused (DEPLOY-PROGRESSIVE) unless acknowledged. */
  ALL_AT_ONCE = 'ALL_AT_ONCE',
}

/**
 * How a `CanaryDeployment` shifts traffic to a new version. A value object:
 * build it with a static factory.
 */
export class TrafficShift {
  /**
   * `percent` of the traffic to the new version for `interval`, then the rest.
   * The default is `canary(10, Duration.minutes(5))`, CodeDeploy's `Canary10Percent5Minutes`.
   * @param percent the canary's share, above 0 and below 100 (Lambda: a whole number; ECS: a multiple of 0.1)
   * @param interval how long the canary runs before the rest shifts, in whole minutes (at least 1)
   */
  public static canary(percent: number, interval: Duration): TrafficShift {
    return new TrafficShift(TrafficShiftType.CANARY, percent, interval);
  }

  /**
   * `percent` more of the traffic every `interval`, until all of it.
   * @param percent the step, above 0 and below 100 (Lambda: a whole number; ECS: at least 3, a multiple of 0.1)
   * @param interval the time between steps, in whole minutes (at least 1)
   */
  public static linear(percent: number, interval: Duration): TrafficShift {
    return new TrafficShift(TrafficShiftType.LINEAR, percent, interval);
  }

  /**
   * Every request to the new version at once. Refused (DEPLOY-PROGRESSIVE) unless acknowledged.
   */
  public static allAtOnce(): TrafficShift {
    return new TrafficShift(TrafficShiftType.ALL_AT_ONCE, 100, Duration.minutes(0));
  }

  /** The kind of shift. */
  public readonly shiftType: TrafficShiftType;
  /** The canary's share, or the linear step, in percent (100 for all at once). */
  public readonly percent: number;
  /** How long the canary or each step lasts (0 for all at once). */
  public readonly interval: Duration;

  private constructor(shiftType: TrafficShiftType, percent: number, interval: Duration) {
    if (shiftType !== TrafficShiftType.ALL_AT_ONCE) {
      if (!(percent > 0 && percent < 100)) throw new Error(`TrafficShift: percent must be above 0 and below 100, got ${percent}`);
      const minutes = interval.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
        throw new Error(`TrafficShift: interval must be a whole number of minutes from 1 to 1440, got ${minutes}`);
      }
    }
    this.shiftType = shiftType;
    this.percent = percent;
    this.interval = interval;
  }
}

/**
 * The event shape of the synthetic `GET /health` request the Lambda hooks send
 * to the new version: the shape the function's trigger sends it.
 */
export enum HealthCheckEventFormat {
  /** A function URL, or an API Gateway HTTP API with payload format 2.0. */
  HTTP_API_V2 = 'HTTP_API_V2',
  /** An API Gateway REST API (or an HTTP API with payload format 1.0). */
  REST_API = 'REST_API',
  /** An Application Load Balancer target group. */
  ALB = 'ALB',
}

/**
 * Properties of a `CanaryDeployment`. Give either `lambdaFunction` or `ecsService` (with `listener`).
 */
export interface CanaryDeploymentProps {
  /**
   * The Lambda function to release through an alias and CodeDeploy. Route the
   * traffic to `alias` (function URL, API integration, target group), not to the function.
   * @default - none: give `ecsService`
   */
  readonly lambdaFunction?: lambda.Function;

  /**
   * The name of the alias the traffic goes to.
   * @default 'live'
   */
  readonly aliasName?: string;

  /**
   * The event shape of the hooks' synthetic health request (Lambda).
   * @default HealthCheckEventFormat.HTTP_API_V2
   */
  readonly healthCheckEventFormat?: HealthCheckEventFormat;

  /**
   * The ECS service to release with ECS's native canary (or linear) strategy. Its deployment
   * controller must be ECS; do not set its `deploymentStrategy`, this construct sets it.
   * The construct creates the two target groups and the production listener rule and
   * attaches the service: do not attach it to the listener yourself.
   * @default - none: give `lambdaFunction`
   */
  readonly ecsService?: ecs.BaseService;

  /**
   * The production listener (HTTPS) the ECS service's listener rule goes on (ECS).
   * @default - required with `ecsService`
   */
  readonly listener?: elbv2.ApplicationListener;

  /**
   * The priority of the production listener rule (ECS).
   * @default 1
   */
  readonly listenerRulePriority?: number;

  /**
   * The conditions of the production listener rule (ECS).
   * @default - every path (`/*`)
   */
  readonly listenerConditions?: elbv2.ListenerCondition[];

  /**
   * The container that takes the traffic (ECS).
   * @default - the task definition's default container
   */
  readonly containerName?: string;

  /**
   * The container port that takes the traffic (ECS).
   * @default - the first port mapping of the container
   */
  readonly containerPort?: number;

  /**
   * How long the target groups let in-flight requests finish before a task is removed (ECS).
   * Must be more than 0 (DEPLOY-GRACEFUL-SHUTDOWN).
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * How long both revisions run after all traffic has shifted, with the alarms still
   * able to roll back, before ECS stops the old tasks (ECS's `BakeTimeInMinutes`).
   * @default Duration.minutes(5)
   */
  readonly bakeTime?: Duration;

  /**
   * The path the health checks request: the Lambda hooks' synthetic request, and the
   * target groups' health check (ECS).
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * How traffic shifts to a new version.
   * @default TrafficShift.canary(10, Duration.minutes(5))
   */
  readonly trafficShift?: TrafficShift;

  /**
   * More alarms that stop and roll back a release, besides the construct's alarms on the
   * new version (CodeDeploy watches at most 10 in all).
   * @default - only the construct's alarms
   */
  readonly alarms?: cloudwatch.IAlarm[];

  /**
   * Roll back automatically on a failed, stopped or alarming deployment (Lambda), or through
   * the circuit breaker and the deployment alarms (ECS). `false` is refused (DEPLOY-CANARY-ROLLBACK).
   * @default true
   */
  readonly autoRollback?: boolean;

  /**
   * Check the new version's health before (and, for Lambda, after) it takes traffic.
   * `false` is refused (DEPLOY-HEALTH-HOOKS).
   * @default true
   */
  readonly healthHooks?: boolean;

  /**
   * The service's alarm set: the canary's alarms join its composite service-health alarm,
   * notify its topic and appear on its dashboard, and (ECS) the canary's target groups get
   * its unhealthy-target alarms.
   * @default - the canary's alarms stand alone, on `alarmTopic`
   */
  readonly serviceAlarms?: ServiceAlarms;

  /**
   * The topic the canary's alarms notify.
   * @default - `serviceAlarms.topic`, else a new topic encrypted with `encryptionKey`, TLS-only (ALARM-TOPIC-ENCRYPTED)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The customer-managed key of the hooks' log groups and, when the construct creates it, the alarm topic.
   * @default - a new key with yearly rotation, retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Retention of the hooks' log groups. Shorter than `logRetentionDays` is refused (LOG-RETENTION).
   * @default - the shortest retention of at least the `logRetentionDays` threshold (30 days)
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Thresholds for the canary's alarms, tightening the catalog's (and the app context's).
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * Progressive delivery with automatic rollback, for a Lambda function or an ECS service.
 *
 * **Lambda** (`lambdaFunction`): an alias (`live`) on the function's current version, and a
 * CodeDeploy deployment group that shifts traffic to each new version 10 % for 5 minutes
 * (`Canary10Percent5Minutes`; `trafficShift` for others; never all at once: DEPLOY-PROGRESSIVE).
 * Alarms on the NEW version — its error rate and p95/p99 duration, from the alias metrics
 * with the `ExecutedVersion` dimension of the version being deployed — stop the deployment,
 * and CodeDeploy rolls back on alarm, failure and stop (DEPLOY-CANARY-ROLLBACK). A pre-traffic
 * and a post-traffic hook invoke the new version with a synthetic `GET /health` request and
 * report `Succeeded` only on a 2xx answer (DEPLOY-HEALTH-HOOKS).
 *
 * **ECS** (`ecsService` and `listener`): ECS's native `CANARY` strategy (10 % for 5 minutes,
 * then a 5-minute bake), two target groups (blue and green, health check on `/health`) behind a
 * production listener rule that ECS reweights, deployment alarms on both target groups' error
 * rate and p95/p99 latency with `ROLLBACK_ON_ALARM`, the circuit breaker with rollback, and a
 * lifecycle hook at `POST_TEST_TRAFFIC_SHIFT` that lets production traffic in only once every
 * task of the new revision passes the load balancer's `/health` check. Native canary is the
 * default over CodeDeploy blue/green: it needs no second listener, keeps the ECS deployment
 * controller (circuit breaker, deployment alarms) and its alarms act during the canary and the bake.
 *
 * **Time from an error spike to the rollback**: the canary's alarms use one-minute periods over
 * `alarmDetectionMinutes - 1` (2) periods, so a spike puts the error-rate alarm in ALARM after
 * 2 minutes; CodeDeploy (or ECS) notices within about a minute (an assumption: neither documents
 * its polling interval), so the rollback starts within `rollbackDetectionSeconds` = 180 s, the
 * `alarmDetectionMinutes` (3) threshold.
 *
 * @example
 * // Lambda, behind a function URL on the alias
 * const canary = new CanaryDeployment(this, 'Release', { lambdaFunction: fn, serviceAlarms });
 * canary.alias!.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
 *
 * // ECS Fargate behind an HTTPS listener
 * new CanaryDeployment(this, 'Release', { ecsService: service, listener: httpsListener, serviceAlarms });
 */
export class CanaryDeployment extends Construct {
  /** The traffic shift in force. */
  public readonly trafficShift: TrafficShift;
  /** The alias the traffic goes to (Lambda). */
  public readonly alias?: lambda.Alias;
  /** The CodeDeploy deployment group (Lambda). */
  public readonly deploymentGroup?: codedeploy.LambdaDeploymentGroup;
  /** The hook that checks the new version before it takes traffic (Lambda). */
  public readonly preTrafficHook?: lambda.Function;
  /** The hook that checks the new version after it took all traffic (Lambda). */
  public readonly postTrafficHook?: lambda.Function;
  /** The lifecycle hook that checks the new revision's tasks before production traffic (ECS). */
  public readonly healthHook?: lambda.Function;
  /** The target groups ECS alternates between: the primary (blue) first, then the alternate (green) (ECS). */
  public readonly targetGroups: elbv2.ApplicationTargetGroup[] = [];
  /** The production listener rule ECS reweights during a release (ECS). */
  public readonly productionListenerRule?: elbv2.ApplicationListenerRule;
  /** The alarms the construct created on the new version. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** Every alarm that stops and rolls back a release: the construct's and `props.alarms`. */
  public readonly deploymentAlarms: cloudwatch.IAlarm[] = [];
  /** The topic the canary's alarms notify. */
  public readonly topic: sns.ITopic;
  /** The key of the hooks' log groups. */
  public readonly encryptionKey: kms.IKey;
  /**
   * Seconds from an error spike to the start of a rollback: one-minute period x evaluation
   * periods of the fastest error-rate alarm attached, plus about 60 s for CodeDeploy or ECS to react.
   */
  public readonly rollbackDetectionSeconds: number;
  /** The thresholds in force. */
  public readonly thresholds: Thresholds;

  private readonly evaluationPeriods: number;
  private readonly action: cw_actions.SnsAction;
  private readonly healthCheckPath: string;
  private readonly retention: logs.RetentionDays;
  private readonly rollback: boolean;
  private readonly hooks: boolean;
  private readonly claimed: string[] = [];
  /** The names given to alarms at synth (the service references them as they are). */
  private readonly literalAlarmNames = new Map<cloudwatch.IAlarm, string>();

  constructor(scope: Construct, id: string, props: CanaryDeploymentProps) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    this.thresholds = t;
    if ((props.lambdaFunction === undefined) === (props.ecsService === undefined)) {
      throw new Error(`CanaryDeployment ${this.node.path}: give either lambdaFunction or ecsService`);
    }

    // --- the traffic shift (DEPLOY-PROGRESSIVE)
    this.trafficShift = props.trafficShift ?? TrafficShift.canary(10, Duration.minutes(5));
    if (this.trafficShift.shiftType === TrafficShiftType.ALL_AT_ONCE) {
      refuseWeakening(this, 'DEPLOY-PROGRESSIVE', 'trafficShift', 'all at once: every user gets the new version before an alarm can stop it');
    } else {
      this.claimed.push('DEPLOY-PROGRESSIVE');
    }
    this.rollback = props.autoRollback ?? true;
    if (!this.rollback) {
      refuseWeakening(this, 'DEPLOY-CANARY-ROLLBACK', 'autoRollback', 'false: a release whose alarms fire is stopped but not rolled back');
    }
    this.hooks = props.healthHooks ?? true;
    if (!this.hooks) {
      refuseWeakening(this, 'DEPLOY-HEALTH-HOOKS', 'healthHooks', 'false: the new version takes traffic without a health check');
    } else {
      this.claimed.push('DEPLOY-HEALTH-HOOKS');
    }
    this.healthCheckPath = props.healthCheckPath ?? '/health';
    if (!this.healthCheckPath.startsWith('/')) {
      throw new Error(`CanaryDeployment ${this.node.path}: healthCheckPath must start with '/', got '${this.healthCheckPath}'`);
    }

    // --- alarm timing: the spike-to-rollback time fits in alarmDetectionMinutes
    this.evaluationPeriods = t.alarmDetectionMinutes - ROLLBACK_REACTION_SECONDS / 60;
    if (this.evaluationPeriods < 1) {
      throw new Error(`CanaryDeployment ${this.node.path}: alarmDetectionMinutes ${t.alarmDetectionMinutes} leaves no time for an alarm: ` +
        `one-minute metrics need a minute, and the deployer about ${ROLLBACK_REACTION_SECONDS} s to react; use at least 2`);
    }

    // --- key, topic, log retention
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
      refuseKeyWithoutRotation(this, props.encryptionKey, 'encryptionKey');
      allowServicesToUseKey(this.encryptionKey);
    } else {
      this.encryptionKey = createKey(this, 'Key', `Encrypts the release hooks' logs of ${this.node.path}`);
      this.claimed.push('KMS-KEY-ROTATION');
    }
    if (props.alarmTopic) {
      this.topic = props.alarmTopic;
      refuseUnencryptedTopic(this, props.alarmTopic, 'alarmTopic');
    } else if (props.serviceAlarms) {
      this.topic = props.serviceAlarms.topic;
    } else {
      this.topic = createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, `Release alarms of ${this.node.path}`);
      this.claimed.push('ALARM-TOPIC-ENCRYPTED');
    }
    this.action = new cw_actions.SnsAction(this.topic);
    this.retention = props.logRetention ?? retentionAtLeast(t.logRetentionDays);
    if (!retentionMeets(t, this.retention)) {
      refuseWeakening(this, 'LOG-RETENTION', 'logRetention', `${this.retention} days is shorter than the ${t.logRetentionDays} days the catalog requires`);
    }

    if (props.lambdaFunction) {
      const released = this.releaseFunction(props.lambdaFunction, props);
      this.alias = released.alias;
      this.deploymentGroup = released.group;
      this.preTrafficHook = released.pre;
      this.postTrafficHook = released.post;
    } else {
      const released = this.releaseEcsService(props.ecsService!, props);
      this.productionListenerRule = released.rule;
      this.healthHook = released.hook;
    }

    // From the alarms attached: the fastest that watches errors, plus the deployer's reaction.
    const detections = this.deploymentAlarms.map(errorDetectionSeconds).filter((x): x is number => x !== undefined);
    this.rollbackDetectionSeconds = Math.min(...detections) + ROLLBACK_REACTION_SECONDS;

    if (props.serviceAlarms) {
      for (const a of this.alarms) props.serviceAlarms.addAlarm(a);
      props.serviceAlarms.addDeploymentAlarms(this.deploymentAlarms, `Deployments: alarms that roll back ${this.node.id}`);
      for (const tg of this.targetGroups) props.serviceAlarms.monitorTargetGroup(tg);
    }
    if (this.rollback) this.claimed.push('DEPLOY-CANARY-ROLLBACK');
    if (this.hooks) {
      // The hooks' log groups: encrypted with the key, JSON, kept at least logRetentionDays.
      this.claimed.push('LOG-ENCRYPTED', 'LOG-STRUCTURED');
      if (retentionMeets(t, this.retention)) this.claimed.push('LOG-RETENTION');
    }
    this.claimed.push('ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99', 'ALARM-ACTIONS');
    claim(this, ...this.claimed);
    acknowledgeSameChecks(this);
  }

  private releaseFunction(fn: lambda.Function, props: CanaryDeploymentProps) {
    const aliasName = props.aliasName ?? 'live';
    const version = fn.currentVersion;
    const alias = new lambda.Alias(this, 'Alias', {
      aliasName,
      version,
      description: `Production traffic of ${fn.node.path}, shifted by CodeDeploy`,
    });

    // Alarms on the version being deployed: the alias metrics with its ExecutedVersion.
    const dimensionsMap = { FunctionName: fn.functionName, Resource: `${fn.functionName}:${aliasName}`, ExecutedVersion: version.version };
    const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'AWS/Lambda', metricName, dimensionsMap, period: PERIOD, statistic,
    });
    const errorRate = new cloudwatch.MathExpression({
      expression: '100 * FILL(errors, 0) / FILL(invocations, 1)',
      usingMetrics: { errors: metric('Errors', cloudwatch.Stats.SUM), invocations: metric('Invocations', cloudwatch.Stats.SUM) },
      period: PERIOD,
      label: 'New version error rate (%)',
    });
    this.createAlarm('NewVersionErrorRate', errorRate, this.thresholds.errorRatePercent,
      `the new version's errors above ${this.thresholds.errorRatePercent} % of its invocations`);
    this.createAlarm('NewVersionLatencyP95', metric('Duration', 'p95'), this.thresholds.latencyP95Ms,
      `the new version's p95 duration above ${this.thresholds.latencyP95Ms} ms`);
    this.createAlarm('NewVersionLatencyP99', metric('Duration', 'p99'), this.thresholds.latencyP99Ms,
      `the new version's p99 duration above ${this.thresholds.latencyP99Ms} ms`);
    this.deploymentAlarms.push(...this.alarms, ...(props.alarms ?? []));
    if (this.deploymentAlarms.length > MAX_CODEDEPLOY_ALARMS) {
      throw new Error(`CanaryDeployment ${this.node.path}: CodeDeploy watches at most ${MAX_CODEDEPLOY_ALARMS} alarms; ` +
        `the construct creates ${this.alarms.length}, alarms adds ${(props.alarms ?? []).length}`);
    }

    const group = new codedeploy.LambdaDeploymentGroup(this, 'DeploymentGroup', {
      alias,
      deploymentConfig: this.lambdaDeploymentConfig(),
      alarms: this.deploymentAlarms,
      autoRollback: {
        failedDeployment: this.rollback,
        stoppedDeployment: this.rollback,
        deploymentInAlarm: this.rollback,
      },
      ignorePollAlarmsFailure: false,
    });
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason: 'The AWS managed policy CodeDeploy documents for Lambda deployment groups (the Limited one: lambda:GetAlias/UpdateAlias, reading the alarms, invoking only functions named CodeDeployHook_* besides the hooks granted here)',
    });

    let pre: lambda.Function | undefined;
    let post: lambda.Function | undefined;
    if (this.hooks) {
      const format = props.healthCheckEventFormat ?? HealthCheckEventFormat.HTTP_API_V2;
      pre = this.healthHookFunction('PreTrafficHook', 'before it takes traffic', LAMBDA_HEALTH_HOOK_CODE, {
        TARGET_VERSION_ARN: version.functionArn, HEALTH_CHECK_PATH: this.healthCheckPath, EVENT_FORMAT: format,
      }, Duration.minutes(2));
      post = this.healthHookFunction('PostTrafficHook', 'after it took all traffic', LAMBDA_HEALTH_HOOK_CODE, {
        TARGET_VERSION_ARN: version.functionArn, HEALTH_CHECK_PATH: this.healthCheckPath, EVENT_FORMAT: format,
      }, Duration.minutes(2));
      for (const hook of [pre, post]) {
        hook.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [version.functionArn] }));
      }
      group.addPreHook(pre);
      group.addPostHook(post);
      // The CDK grants CodeDeploy's role lambda:InvokeFunction on each hook and its versions (`<arn>:*`).
      for (const hook of [pre, post]) {
        Validations.of(group).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(hook)}.Arn>:*]`,
          reason: 'Written by the CDK (LambdaDeploymentGroup.addPreHook/addPostHook): CodeDeploy may invoke the hook function and its versions, nothing else',
        });
      }
    }
    Validations.of(group).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The CodeDeploy role\'s default policy is written by CDK grants scoped to this deployment group\'s hooks; a managed policy would only make it attachable elsewhere',
    });
    return { alias, group, pre, post };
  }

  private lambdaDeploymentConfig(): codedeploy.ILambdaDeploymentConfig {
    const s = this.trafficShift;
    const minutes = s.interval.toMinutes();
    if (s.shiftType === TrafficShiftType.ALL_AT_ONCE) return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE;
    if (!Number.isInteger(s.percent)) {
      throw new Error(`CanaryDeployment ${this.node.path}: CodeDeploy shifts whole percentages, got trafficShift percent ${s.percent}`);
    }
    const predefined: Record<string, codedeploy.ILambdaDeploymentConfig> = {
      'CANARY/10/5': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      'CANARY/10/10': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_10MINUTES,
      'CANARY/10/15': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_15MINUTES,
      'CANARY/10/30': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_30MINUTES,
      'LINEAR/10/1': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
      'LINEAR/10/2': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_2MINUTES,
      'LINEAR/10/3': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_3MINUTES,
      'LINEAR/10/10': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_10MINUTES,
    };
    const known = predefined[`${s.shiftType}/${s.percent}/${minutes}`];
    if (known) return known;
    return new codedeploy.LambdaDeploymentConfig(this, 'DeploymentConfig', {
      trafficRouting: s.shiftType === TrafficShiftType.CANARY
        ? codedeploy.TrafficRouting.timeBasedCanary({ percentage: s.percent, interval: s.interval })
        : codedeploy.TrafficRouting.timeBasedLinear({ percentage: s.percent, interval: s.interval }),
    });
  }

  private releaseEcsService(service: ecs.BaseService, props: CanaryDeploymentProps) {
    const path = this.node.path;
    if (!props.listener) throw new Error(`CanaryDeployment ${path}: listener is required with ecsService`);
    const cfn = service.node.defaultChild as ecs.CfnService;
    // Read the raw values: resolving the deployment configuration now would freeze its lazy lifecycle hooks.
    const controller = cfn.deploymentController as { type?: string } | undefined;
    if (controller?.type !== undefined && controller.type !== 'ECS') {
      throw new Error(`CanaryDeployment ${path}: ecsService must use the ECS deployment controller, not ${controller.type}`);
    }
    const current = (cfn.deploymentConfiguration as { strategy?: string } | undefined)?.strategy;
    if (current !== undefined) {
      throw new Error(`CanaryDeployment ${path}: do not set deploymentStrategy (${current}) on ecsService; trafficShift sets it`);
    }
    const taskDefinition = service.taskDefinition;
    const containerName = props.containerName ?? taskDefinition.defaultContainer?.containerName;
    if (!containerName) throw new Error(`CanaryDeployment ${path}: the task definition has no default container; give containerName`);
    const container = taskDefinition.findContainer(containerName);
    if (!container) throw new Error(`CanaryDeployment ${path}: no container '${containerName}' in the task definition`);
    const containerPort = props.containerPort ?? container.portMappings[0]?.containerPort;
    if (containerPort === undefined) throw new Error(`CanaryDeployment ${path}: container '${containerName}' maps no port; give containerPort`);

    const delay = props.deregistrationDelay ?? Duration.seconds(30);
    if (delay.toSeconds() <= 0) {
      refuseWeakening(this, 'DEPLOY-GRACEFUL-SHUTDOWN', 'deregistrationDelay', '0 s: tasks are removed with requests in flight');
    } else {
      this.claimed.push('DEPLOY-GRACEFUL-SHUTDOWN');
    }
    const vpc = service.cluster.vpc;
    const targetGroup = (id: string) => {
      const tg = new elbv2.ApplicationTargetGroup(this, id, {
        vpc,
        port: containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        deregistrationDelay: delay,
        healthCheck: {
          enabled: true,
          path: this.healthCheckPath,
          healthyHttpCodes: '200',
          interval: Duration.seconds(15),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 2,
        },
      });
      // Sessions live in the shared cache, not on a task (SCALING-STATELESS-SESSIONS).
      tg.setAttribute('stickiness.enabled', 'false');
      this.targetGroups.push(tg);
      return tg;
    };
    const blue = targetGroup('BlueTargetGroup');
    const green = targetGroup('GreenTargetGroup');
    const rule = new elbv2.ApplicationListenerRule(this, 'ProductionRule', {
      listener: props.listener,
      priority: props.listenerRulePriority ?? 1,
      conditions: props.listenerConditions ?? [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.weightedForward([
        { targetGroup: blue, weight: 100 },
        { targetGroup: green, weight: 0 },
      ]),
    });
    const loadBalancerRole = new iam.Role(this, 'LoadBalancerRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `Lets ECS reweight the production listener rule of ${path} during releases`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers')],
    });
    Validations.of(loadBalancerRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
      reason: 'The AWS managed policy ECS documents for the infrastructure role of blue/green, linear and canary deployments (modify listener rules and register targets); AWS keeps it in step with the API ECS calls',
    });
    blue.addTarget(service.loadBalancerTarget({
      containerName,
      containerPort,
      alternateTarget: new ecs.AlternateTarget(`${this.node.id}AlternateTarget`, {
        alternateTargetGroup: green,
        productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(rule),
        role: loadBalancerRole,
      }),
    }));

    // --- deployment alarms on both target groups (the new revision's traffic goes to one of them)
    for (const [name, tg] of [['Blue', blue], ['Green', green]] as Array<[string, elbv2.ApplicationTargetGroup]>) {
      const errors = tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD, statistic: cloudwatch.Stats.SUM });
      const requests = tg.metrics.requestCount({ period: PERIOD, statistic: cloudwatch.Stats.SUM });
      this.createAlarm(`${name}ErrorRate`, new cloudwatch.MathExpression({
        expression: '100 * FILL(errors, 0) / FILL(requests, 1)',
        usingMetrics: { errors, requests },
        period: PERIOD,
        label: `${name} error rate (%)`,
      }), this.thresholds.errorRatePercent, `target 5xx above ${this.thresholds.errorRatePercent} % of the ${name.toLowerCase()} target group's requests`, true);
      this.createAlarm(`${name}LatencyP95`, tg.metrics.targetResponseTime({ period: PERIOD, statistic: 'p95' }), this.thresholds.latencyP95Ms / 1000,
        `p95 TargetResponseTime of the ${name.toLowerCase()} target group above ${this.thresholds.latencyP95Ms} ms`, true);
      this.createAlarm(`${name}LatencyP99`, tg.metrics.targetResponseTime({ period: PERIOD, statistic: 'p99' }), this.thresholds.latencyP99Ms / 1000,
        `p99 TargetResponseTime of the ${name.toLowerCase()} target group above ${this.thresholds.latencyP99Ms} ms`, true);
    }
    this.deploymentAlarms.push(...this.alarms, ...(props.alarms ?? []));
    // Names known at synth (as named above): the CDK notes a possible circular dependency for every
    // name it cannot read. The service still waits for its alarms.
    for (const a of this.alarms) service.node.addDependency(a);
    service.enableDeploymentAlarms(this.deploymentAlarms.map((a) => this.literalAlarmNames.get(a) ?? a.alarmName), {
      behavior: this.rollback ? ecs.AlarmBehavior.ROLLBACK_ON_ALARM : ecs.AlarmBehavior.FAIL_ON_ALARM,
    });

    // --- the strategy, the bake and the circuit breaker (escape hatch: they are constructor props of the L2)
    const s = this.trafficShift;
    const bake = props.bakeTime ?? Duration.minutes(5);
    const bakeMinutes = bake.toMinutes({ integral: false });
    if (!Number.isInteger(bakeMinutes) || bakeMinutes < 0 || bakeMinutes > 1440) {
      throw new Error(`CanaryDeployment ${path}: bakeTime must be a whole number of minutes from 0 to 1440, got ${bakeMinutes}`);
    }
    const percent = Math.round(s.percent * 10) / 10;
    if (percent !== s.percent) throw new Error(`CanaryDeployment ${path}: ECS shifts multiples of 0.1 %, got trafficShift percent ${s.percent}`);
    if (s.shiftType === TrafficShiftType.CANARY) {
      cfn.addPropertyOverride('DeploymentConfiguration.Strategy', 'CANARY');
      cfn.addPropertyOverride('DeploymentConfiguration.CanaryConfiguration', { CanaryPercent: s.percent, CanaryBakeTimeInMinutes: s.interval.toMinutes() });
    } else if (s.shiftType === TrafficShiftType.LINEAR) {
      if (s.percent < 3) throw new Error(`CanaryDeployment ${path}: ECS linear steps are at least 3 %, got ${s.percent}`);
      cfn.addPropertyOverride('DeploymentConfiguration.Strategy', 'LINEAR');
      cfn.addPropertyOverride('DeploymentConfiguration.LinearConfiguration', { StepPercent: s.percent, StepBakeTimeInMinutes: s.interval.toMinutes() });
    } else {
      cfn.addPropertyOverride('DeploymentConfiguration.Strategy', 'BLUE_GREEN');
    }
    cfn.addPropertyOverride('DeploymentConfiguration.BakeTimeInMinutes', bakeMinutes);
    cfn.addPropertyOverride('DeploymentConfiguration.DeploymentCircuitBreaker', { Enable: true, Rollback: this.rollback });
    Annotations.of(service).acknowledgeWarning('@aws-cdk/aws-ecs:shouldUseCircuitBreaker',
      `CanaryDeployment ${path} enables the circuit breaker${this.rollback ? ' with rollback' : ''}`);

    // --- the health hook before production traffic
    let hook: lambda.Function | undefined;
    if (this.hooks) {
      hook = this.healthHookFunction('HealthHook', 'before it takes production traffic', ECS_HEALTH_HOOK_CODE, {
        TARGET_GROUP_ARNS: this.targetGroups.map((tg) => tg.targetGroupArn).join(','),
        MAX_ATTEMPTS: '40',
      }, Duration.minutes(1));
      hook.addToRolePolicy(new iam.PolicyStatement({
        actions: ['ecs:DescribeServiceRevisions', 'elasticloadbalancing:DescribeTargetHealth'],
        resources: ['*'],
      }));
      hook.addToRolePolicy(new iam.PolicyStatement({
        actions: ['ecs:ListTasks', 'ecs:DescribeTasks'],
        resources: ['*'],
        conditions: { ArnEquals: { 'ecs:cluster': service.cluster.clusterArn } },
      }));
      Validations.of(hook.role!).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'elasticloadbalancing:DescribeTargetHealth and ecs:DescribeServiceRevisions support no resource-level permissions; ecs:ListTasks/DescribeTasks are limited to the service\'s cluster by the ecs:cluster condition. All are read-only',
      });
      const invokeRole = new iam.Role(this, 'HealthHookInvokeRole', {
        assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
        description: `Lets ECS invoke the release health hook of ${path}`,
      });
      invokeRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [hook.functionArn] }));
      Validations.of(invokeRole).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'One statement: ECS may invoke this one hook function',
      });
      service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(hook, `${this.node.id}HealthHook`, {
        lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
        role: invokeRole,
      }));
    }
    return { rule, hook };
  }

  private healthHookFunction(id: string, when: string, code: string, environment: Record<string, string>, timeout: Duration): lambda.Function {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: this.retention,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Release health hook of ${this.node.path}`,
    });
    logGroup.grantWrite(role);
    const fn = new lambda.Function(this, id, {
      description: `Checks ${this.healthCheckPath} of the new version ${when} (cdk-golive CanaryDeployment ${this.node.path})`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(code),
      timeout,
      memorySize: 256,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment,
    });
    // A helper, not a service: the checks judge service-level items on serving functions only.
    (fn.node.defaultChild as lambda.CfnFunction).addMetadata('cdk-golive:service', false);
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: 'A release hook runs once or twice per deployment; reserving concurrency would fail in accounts whose quota leaves none to reserve',
    });
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'The hook reports its result to the deployer itself; an invocation that fails leaves the deployment to time out and roll back, so a dead-letter queue would hold nothing to act on',
    });
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: 'The hook calls only AWS APIs (Lambda Invoke, CodeDeploy, ECS, ELB describe calls) over TLS, never a private endpoint; a VPC would add NAT or endpoints without narrowing what it reaches',
    });
    Validations.of(role).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The hook role\'s own default policy, written by CDK grants scoped to its log group, the version it checks and the deployment it reports to',
    });
    return fn;
  }

  private createAlarm(id: string, metric: cloudwatch.IMetric, threshold: number, what: string, named: boolean = false): cloudwatch.Alarm {
    const alarmName = named ? stackScopedName(this, id) : undefined;
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      alarmName,
      alarmDescription: `${this.node.path}: ${what} for ${this.evaluationPeriods} minute(s) — stops the release and rolls it back`,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: this.evaluationPeriods,
      datapointsToAlarm: this.evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      actionsEnabled: true,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    if (alarmName) this.literalAlarmNames.set(alarm, alarmName);
    return alarm;
  }
}

/**
 * `<stack name>/<path in the stack>/<id>`: unique in the account and region, readable, and known at
 * synth. Undefined (the CDK generates one) when the stack name is a token or the name is too long.
 */
function stackScopedName(scope: Construct, id: string): string | undefined {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.stackName)) return undefined;
  const name = `${stack.stackName}/${scope.node.path.substring(stack.node.path.length + 1)}/${id}`;
  return name.length <= 255 ? name : undefined;
}

/**
 * Period x evaluation periods of an alarm of this app that watches errors (5xx or Lambda
 * `Errors`), read from its L1 without resolving tokens; undefined for other alarms.
 */
function errorDetectionSeconds(alarm: cloudwatch.IAlarm): number | undefined {
  if (!(alarm instanceof cloudwatch.Alarm)) return undefined;
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  const stats = ((cfn.metrics ?? []) as cloudwatch.CfnAlarm.MetricDataQueryProperty[])
    .map((m) => m.metricStat as cloudwatch.CfnAlarm.MetricStatProperty | undefined)
    .filter((m): m is cloudwatch.CfnAlarm.MetricStatProperty => m !== undefined);
  const names = stats.length > 0 ? stats.map((m) => (m.metric as cloudwatch.CfnAlarm.MetricProperty | undefined)?.metricName) : [cfn.metricName];
  if (!names.some((n) => typeof n === 'string' && /5XX|^Errors$/.test(n))) return undefined;
  const periods = stats.length > 0 ? stats.map((m) => m.period) : [cfn.period];
  const period = Math.max(...periods.map((p) => (typeof p === 'number' ? p : NaN)));
  const evaluations = cfn.evaluationPeriods;
  return Number.isFinite(period) && typeof evaluations === 'number' ? period * evaluations : undefined;
}

/** The logical id of a function's CfnFunction, as cdk-nag names it in findings. */
function logicalIdOf(fn: lambda.Function): string {
  const cfn = fn.node.defaultChild as lambda.CfnFunction;
  const id = Stack.of(fn).resolve(cfn.logicalId);
  return Token.isUnresolved(id) ? cfn.node.id : String(id);
}
