import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2_targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { isDigestPinned, unpinnedImageReason } from '../checklist/policy/image';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { AppSecret } from './app-secret';
import { CanaryDeployment, HealthCheckEventFormat, TrafficShift } from './canary-deployment';
import { HttpsEndpoint } from './https-endpoint';
import { refuseWeakening } from './private/guard';
import { LAMBDA_LOG_LEVELS } from './private/log-levels';
import { ProductionCache } from './production-cache';
import { ServiceAlarms } from './service-alarms';

/**
 * The X-Ray daemon image of the Fargate tracing sidecar: release 3.7.0, pinned
 * by its (multi-architecture) index digest so every task runs the same bytes
 * (DEPLOY-IMMUTABLE-ARTIFACTS).
 */
const XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon@sha256:b67576293f4d3a0a155f807244957ed0aa4bc945df1573d62d81380a1d548071';

/**
 * The kind of compute a `ProductionService` runs on.
 */
export enum ServiceComputeType {
  /** An AWS Lambda function behind the load balancer, released through an alias by CodeDeploy. */
  LAMBDA = 'LAMBDA',
  /** An Amazon ECS service on AWS Fargate, released with ECS's native canary. */
  FARGATE = 'FARGATE',
}

/**
 * The function of a Lambda-based `ProductionService`.
 */
export interface LambdaComputeOptions {
  /**
   * The function's code (`lambda.Code.fromAsset()`, `lambda.Code.fromInline()`...). A CDK asset, inline code or a zip
   * with its `objectVersion` is claimed for DEPLOY-IMMUTABLE-ARTIFACTS; an image (`lambda.Code.fromEcrImage()`) is
   * judged as `fargate({ image })` is: a digest is claimed, `latest`, no tag, a channel or a major version alone is
   * refused; any other S3 key is left to the checks (the next build may overwrite it).
   */
  readonly code: lambda.Code;

  /** The handler, such as `index.handler`. */
  readonly handler: string;

  /** The runtime, such as `lambda.Runtime.NODEJS_22_X`. */
  readonly runtime: lambda.Runtime;

  /**
   * Memory, in MiB (CPU is proportional).
   * @default 1024
   */
  readonly memorySize?: number;

  /**
   * The longest a request may run.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;

  /**
   * The instruction set.
   * @default lambda.Architecture.ARM_64 - Graviton, cheaper per GB-second
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Concurrency reserved for (and capping) the function. 0 (every invocation throttled) and 1 (one request at a
   * time) are refused (SCALING-AUTOSCALING) unless acknowledged.
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The container of a Fargate-based `ProductionService`.
 */
export interface FargateComputeOptions {
  /**
   * The application image. Pin it: a digest (`repo@sha256:...`), a tag in an
   * immutable ECR repository, or a CDK asset (DEPLOY-IMMUTABLE-ARTIFACTS).
   */
  readonly image: ecs.ContainerImage;

  /**
   * The command the container runs.
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * CPU units of the task (1024 = 1 vCPU); the X-Ray sidecar takes 32 of them.
   * @default 512
   */
  readonly cpu?: number;

  /**
   * Memory of the task, in MiB; the X-Ray sidecar reserves 64 of it.
   * @default 1024
   */
  readonly memoryLimitMiB?: number;

  /**
   * The port the application listens on (HTTP; the load balancer terminates TLS).
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * The user (and group) the application runs as. Root (`root`, `0`) is refused
   * (COMPUTE-HARDENED) unless acknowledged.
   * @default '1000:1000'
   */
  readonly user?: string;

  /**
   * A read-only root filesystem. `false` is refused (COMPUTE-HARDENED) unless acknowledged.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Paths the application writes to, each mounted as an empty task-local volume.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];

  /**
   * The CPU architecture of the tasks (match the image).
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * The fewest tasks the service runs (the autoscaling minimum). Fewer than the
   * `minReplicas` threshold is refused (SCALING-MIN-CAPACITY) unless acknowledged.
   * @default - the `minReplicas` threshold (3)
   */
  readonly minTasks?: number;

  /**
   * The most tasks autoscaling may run.
   * @default - four times `minTasks`
   */
  readonly maxTasks?: number;

  /**
   * How long a stopping task may finish its requests after SIGTERM before SIGKILL (at most 120 s on Fargate).
   * @default Duration.seconds(30)
   */
  readonly stopTimeout?: Duration;
}

/**
 * What a `ServiceCompute` is given when `ProductionService` binds it: the parts of the service
 * the compute runs in, reports to and is released by.
 */
export interface ServiceComputeBindOptions {
  /** The service's name (function name, role descriptions). */
  readonly serviceName: string;
  /** The VPC: the compute runs in its private subnets with egress. */
  readonly vpc: ec2.IVpc;
  /** The compute's security group. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The application's log group. */
  readonly logGroup: logs.ILogGroup;
  /** The retention of the log groups the compute's release creates (its hooks'). */
  readonly logRetention: logs.RetentionDays;
  /** The application log level, upper case (INFO, WARN, ERROR, FATAL; DEBUG and TRACE when acknowledged). */
  readonly logLevel: string;
  /** The environment of the compute. */
  readonly environment: { [name: string]: string };
  /** Application secrets, by the variable name the application reads. */
  readonly secrets: { [name: string]: AppSecret };
  /**
   * The cache, whose credentials the compute receives.
   * @default - no cache
   */
  readonly cache?: ProductionCache;
  /** The HTTPS front door the compute serves behind. */
  readonly endpoint: HttpsEndpoint;
  /** The service's alarms: the compute's metrics are added, and the release rolls back on them. */
  readonly alarms: ServiceAlarms;
  /** The topic the release's alarms notify. */
  readonly alarmTopic: sns.ITopic;
  /** The key of the release's log groups. */
  readonly encryptionKey: kms.IKey;
  /** The health endpoint (target group health check, release hooks). */
  readonly healthCheckPath: string;
  /**
   * How releases shift traffic.
   * @default - `CanaryDeployment`'s default
   */
  readonly trafficShift?: TrafficShift;
  /** The thresholds in force for the service. */
  readonly thresholds: Thresholds;
  /**
   * The service's own threshold overrides, handed to the constructs the compute creates.
   * @default - none
   */
  readonly thresholdOverrides?: ThresholdOverrides;
}

/**
 * What a bound `ServiceCompute` provisioned.
 */
export interface ServiceComputeConfig {
  /** The role of the application: the function's execution role, or the task role. */
  readonly role: iam.IRole;
  /** The release: progressive delivery with rollback. */
  readonly canary: CanaryDeployment;
  /** Checklist items the compute provisions (weakened ones are left out, and refused). */
  readonly claimedItems: string[];
  /**
   * The function (Lambda).
   * @default - not a Lambda compute
   */
  readonly lambdaFunction?: lambda.Function;
  /**
   * The alias the load balancer invokes (Lambda).
   * @default - not a Lambda compute
   */
  readonly alias?: lambda.Alias;
  /**
   * The ECS cluster (Fargate).
   * @default - not a Fargate compute
   */
  readonly cluster?: ecs.Cluster;
  /**
   * The ECS service (Fargate).
   * @default - not a Fargate compute
   */
  readonly service?: ecs.FargateService;
  /**
   * The task definition (Fargate).
   * @default - not a Fargate compute
   */
  readonly taskDefinition?: ecs.FargateTaskDefinition;
  /**
   * The application container (Fargate).
   * @default - not a Fargate compute
   */
  readonly container?: ecs.ContainerDefinition;
}

/**
 * The compute of a `ProductionService`: a Lambda function or a Fargate service.
 * A value object that provisions itself when the service binds it, as
 * `DatabaseClusterEngine` does for a database cluster: build it with a static factory.
 */
export abstract class ServiceCompute {
  /**
   * An AWS Lambda function: active X-Ray tracing, JSON logs, in the VPC's
   * private subnets, behind the load balancer through a `live` alias that
   * CodeDeploy shifts by canary.
   */
  public static lambdaFunction(options: LambdaComputeOptions): ServiceCompute {
    return new LambdaCompute(options);
  }

  /**
   * An Amazon ECS service on AWS Fargate: a non-root, read-only container with
   * an X-Ray daemon sidecar, at least `minReplicas` tasks over the zones,
   * autoscaled on CPU and memory, released by ECS's native canary.
   */
  public static fargate(options: FargateComputeOptions): ServiceCompute {
    return new FargateCompute(options);
  }

  /** Lambda or Fargate. */
  public abstract readonly computeType: ServiceComputeType;

  /**
   * Provision the compute in `scope` (the service): its resources are the service's children.
   * A weakening option is refused on `scope` (an error at synth naming the option and the item,
   * unless acknowledged).
   */
  public abstract bind(scope: Construct, options: ServiceComputeBindOptions): ServiceComputeConfig;
}

/** `ServiceCompute.lambdaFunction()`. */
class LambdaCompute extends ServiceCompute {
  public readonly computeType = ServiceComputeType.LAMBDA;

  constructor(private readonly options: LambdaComputeOptions) {
    super();
  }

  public bind(scope: Construct, o: ServiceComputeBindOptions): ServiceComputeConfig {
    const options = this.options;
    const reserved = options.reservedConcurrentExecutions;
    if (reserved !== undefined && !Token.isUnresolved(reserved) && (!Number.isInteger(reserved) || reserved < 0)) {
      throw new Error(`ProductionService ${scope.node.path}: compute.reservedConcurrentExecutions must be a non-negative integer, got ${reserved}`);
    }
    const capped = reserved !== undefined && !Token.isUnresolved(reserved) && reserved <= 1;
    if (capped) {
      refuseWeakening(scope, 'SCALING-AUTOSCALING', 'compute.reservedConcurrentExecutions',
        reserved === 0 ? '0 throttles every invocation: the function never runs' : '1 serves one request at a time: the function does not scale with load');
    }
    const role = new iam.Role(scope, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${o.serviceName} service function`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      reason: 'The AWS managed policy Lambda documents for functions in a VPC: create and delete the function\'s network interfaces (and write logs); AWS keeps it in step with the Lambda service.',
    });
    const fn = new lambda.Function(scope, 'Function', {
      functionName: o.serviceName,
      description: `${o.serviceName} service (cdk-golive ProductionService)`,
      code: options.code,
      handler: options.handler,
      runtime: options.runtime,
      architecture: options.architecture ?? lambda.Architecture.ARM_64,
      memorySize: options.memorySize ?? 1024,
      timeout: options.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: options.reservedConcurrentExecutions,
      role,
      vpc: o.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [o.securityGroup],
      allowPublicSubnet: false,
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: LAMBDA_LOG_LEVELS[o.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      logGroup: o.logGroup,
      environment: o.environment,
    });
    // Active tracing: CDK adds xray:PutTraceSegments/PutTelemetryRecords, which take no resource ARN.
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) support no resource-level permissions; every other statement names its resources.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The function role\'s own default policy, written by CDK grants scoped to this service\'s secrets, key, database user and tracing; a managed policy would only make it attachable elsewhere.',
      },
    );
    if (options.reservedConcurrentExecutions === undefined) {
      Validations.of(fn).acknowledge({
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason: 'Reserved concurrency is also a hard cap on a request-serving function; leaving it unreserved lets the API scale with traffic (set reservedConcurrentExecutions to reserve and cap it).',
      });
    }
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'The load balancer invokes the function synchronously and returns its errors to the caller; a dead-letter queue only receives asynchronous invocations.',
    });
    for (const [name, secret] of Object.entries(o.secrets)) secret.grantToFunction(fn, name);
    if (o.cache) o.cache.secret.grantToFunction(fn, 'REDIS_CREDENTIALS');

    const canary = new CanaryDeployment(scope, 'Release', {
      lambdaFunction: fn,
      healthCheckEventFormat: HealthCheckEventFormat.ALB,
      healthCheckPath: o.healthCheckPath,
      trafficShift: o.trafficShift,
      serviceAlarms: o.alarms,
      alarmTopic: o.alarmTopic,
      encryptionKey: o.encryptionKey,
      logRetention: o.logRetention,
      thresholds: o.thresholdOverrides,
    });
    const targetGroup = o.endpoint.addTargets('Function', {
      targets: [new elbv2_targets.LambdaTarget(canary.alias!)],
      healthCheck: { enabled: true, path: o.healthCheckPath, interval: Duration.seconds(30), healthyHttpCodes: '200' },
    });
    o.alarms.monitorFunction(fn);
    o.alarms.monitorTargetGroup(targetGroup);
    return {
      role,
      canary,
      lambdaFunction: fn,
      alias: canary.alias,
      claimedItems: ['COMPUTE-PROVISIONED', 'LOG-TRACING', 'LOG-STRUCTURED', ...(capped ? [] : ['SCALING-AUTOSCALING']), 'COMPUTE-TIME-SYNC', 'METRICS-COLLECTED', ...judgeCode(scope, options.code, fn)],
    };
  }
}

/** `ServiceCompute.fargate()`. */
class FargateCompute extends ServiceCompute {
  public readonly computeType = ServiceComputeType.FARGATE;

  constructor(private readonly options: FargateComputeOptions) {
    super();
  }

  public bind(scope: Construct, o: ServiceComputeBindOptions): ServiceComputeConfig {
    const options = this.options;
    const t = o.thresholds;
    const claimed: string[] = [];
    const user = options.user ?? '1000:1000';
    if (/^(root|0)(:.*)?$/i.test(user.trim())) {
      refuseWeakening(scope, 'COMPUTE-HARDENED', 'compute.user', `${user} runs the application as root`);
    }
    const readonlyRoot = options.readonlyRootFilesystem ?? true;
    if (!readonlyRoot) {
      refuseWeakening(scope, 'COMPUTE-HARDENED', 'compute.readonlyRootFilesystem', 'false lets a compromised process change its own binaries and configuration');
    }
    if (readonlyRoot && !/^(root|0)(:.*)?$/i.test(user.trim())) claimed.push('COMPUTE-HARDENED');
    const minTasks = options.minTasks ?? t.minReplicas;
    if (!Number.isInteger(minTasks) || minTasks < 1) throw new Error(`ProductionService ${scope.node.path}: compute.minTasks must be a positive integer, got ${minTasks}`);
    if (!t.meets('minReplicas', minTasks)) {
      refuseWeakening(scope, 'SCALING-MIN-CAPACITY', 'compute.minTasks', `${minTasks} task(s), fewer than the minReplicas threshold (${t.minReplicas})`);
    } else {
      claimed.push('SCALING-MIN-CAPACITY');
    }
    const maxTasks = options.maxTasks ?? minTasks * 4;
    if (!Number.isInteger(maxTasks) || maxTasks <= minTasks) {
      throw new Error(`ProductionService ${scope.node.path}: compute.maxTasks must be an integer above minTasks (${minTasks}), got ${maxTasks}`);
    }
    const containerPort = options.containerPort ?? 8080;
    const stopTimeout = options.stopTimeout ?? Duration.seconds(30);
    if (stopTimeout.toSeconds() < 1 || stopTimeout.toSeconds() > 120) {
      throw new Error(`ProductionService ${scope.node.path}: compute.stopTimeout must be from 1 to 120 seconds on Fargate, got ${stopTimeout.toSeconds()}`);
    }

    const cluster = new ecs.Cluster(scope, 'Cluster', {
      vpc: o.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
      enableFargateCapacityProviders: false,
    });

    const executionRole = new iam.Role(scope, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `ECS pulls the image, writes the logs and reads the secrets of the ${o.serviceName} service`,
    });
    const taskRole = new iam.Role(scope, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `The ${o.serviceName} service application`,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
      cpu: options.cpu ?? 512,
      memoryLimitMiB: options.memoryLimitMiB ?? 1024,
      runtimePlatform: { cpuArchitecture: options.cpuArchitecture ?? ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      executionRole,
      taskRole,
    });
    const secrets: { [name: string]: ecs.Secret } = {};
    for (const [name, secret] of Object.entries(o.secrets)) secrets[name] = secret.ecsSecret(secret.generateStringKey);
    if (o.cache) {
      secrets.REDIS_USERNAME = o.cache.secret.ecsSecret('username');
      secrets.REDIS_PASSWORD = o.cache.secret.ecsSecret('password');
    }
    const container = taskDefinition.addContainer('app', {
      image: options.image,
      command: options.command,
      essential: true,
      portMappings: [{ containerPort, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: o.environment,
      secrets,
      user,
      readonlyRootFilesystem: readonlyRoot,
      privileged: false,
      stopTimeout,
      logging: ecs.LogDrivers.awsLogs({ logGroup: o.logGroup, streamPrefix: 'app', mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
      linuxParameters: new ecs.LinuxParameters(scope, 'LinuxParameters', { initProcessEnabled: true }),
    });
    for (const [i, path] of (options.writablePaths ?? ['/tmp']).entries()) {
      const name = `writable-${i}`;
      taskDefinition.addVolume({ name });
      container.addMountPoints({ containerPath: path, sourceVolume: name, readOnly: false });
    }
    // Tracing: the X-Ray daemon receives the SDK's segments on UDP 2000 and sends them to X-Ray.
    taskDefinition.addContainer('xray-daemon', {
      image: ecs.ContainerImage.fromRegistry(XRAY_DAEMON_IMAGE),
      essential: false,
      cpu: 32,
      memoryReservationMiB: 64,
      portMappings: [{ containerPort: 2000, protocol: ecs.Protocol.UDP }],
      user: '1337',
      readonlyRootFilesystem: true,
      privileged: false,
      logging: ecs.LogDrivers.awsLogs({ logGroup: o.logGroup, streamPrefix: 'xray', mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
    });
    // The X-Ray SDKs send to 127.0.0.1:2000 by default: the sidecar, in the task's network namespace.
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
      resources: ['*'],
    }));
    Validations.of(taskRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'The X-Ray daemon\'s actions (PutTraceSegments, PutTelemetryRecords, GetSampling*) support no resource-level permissions; every other statement names its resources.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The task role\'s own default policy, written by CDK grants scoped to this service\'s database user, key and tracing; a managed policy would only make it attachable elsewhere.',
      },
    );
    Validations.of(executionRole).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The execution role\'s own default policy, written by CDK grants scoped to this task\'s log group and secrets; a managed policy would only make it attachable elsewhere.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment holds configuration only (ENVIRONMENT, LOG_LEVEL, endpoints built from the stack\'s resources); every secret reaches the container through `secrets` (Secrets Manager), which the construct enforces (SECRETS-NO-PLAINTEXT).',
    });

    const service = new ecs.FargateService(scope, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [o.securityGroup],
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      enableExecuteCommand: false,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
    });
    claimed.push('METRICS-COLLECTED', 'COMPUTE-PROVISIONED', 'DEPLOY-ZERO-DOWNTIME', 'LOG-TRACING', 'LOG-STRUCTURED', 'COMPUTE-TIME-SYNC');
    claimed.push(...judgeImage(scope, container.imageName));

    const scaling = service.autoScaleTaskCount({ minCapacity: minTasks, maxCapacity: maxTasks });
    // Scale out well before the CPU and memory alarms fire.
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: Math.round(t.cpuPercent * 0.75),
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
    scaling.scaleOnMemoryUtilization('MemoryScaling', {
      targetUtilizationPercent: Math.round(t.memoryPercent * 0.75),
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
    claimed.push('SCALING-AUTOSCALING');

    const canary = new CanaryDeployment(scope, 'Release', {
      ecsService: service,
      listener: o.endpoint.httpsListener,
      containerName: container.containerName,
      containerPort,
      healthCheckPath: o.healthCheckPath,
      trafficShift: o.trafficShift,
      serviceAlarms: o.alarms,
      alarmTopic: o.alarmTopic,
      encryptionKey: o.encryptionKey,
      logRetention: o.logRetention,
      thresholds: o.thresholdOverrides,
    });
    o.alarms.monitorEcsService(service);
    return { role: taskRole, canary, cluster, service, taskDefinition, container, claimedItems: claimed };
  }
}

/**
 * An image reference whose registry or repository is a token (`repository.repositoryUriForTag('1.4.2')`,
 * `Code.fromEcrImage`): the tag or digest the CDK appends to it is text, judged with the repository's name (a stand-in
 * when that is a token too); undefined when the text after the last token names neither.
 */
function literalReference(written: string): string | undefined {
  const tail = written.slice(written.lastIndexOf('}') + 1);
  // `…${Token[AWS.URLSuffix]}/orders:latest`: the repository's name is text too.
  const name = tail.includes('/') ? tail.slice(tail.lastIndexOf('/') + 1) : `repository${tail}`;
  return /^[^:@]+[:@][^/]+$/.test(name) ? name : undefined;
}

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS for a function's code, as the checks judge it (LambdaCodeImmutable): a CDK asset (the
 * bootstrap bucket, a content-hash key), inline code, or a zip with its object version is claimed; an image is judged
 * as a container image is (`judgeImage`); any other S3 key is left to the checks (only the bucket knows whether the
 * key is overwritten).
 */
function judgeCode(scope: Construct, code: lambda.Code, fn: lambda.Function): string[] {
  if (code instanceof lambda.AssetCode || code instanceof lambda.InlineCode) return ['DEPLOY-IMMUTABLE-ARTIFACTS'];
  const written = (fn.node.defaultChild as lambda.CfnFunction).code as lambda.CfnFunction.CodeProperty;
  if (written.imageUri !== undefined) return judgeImage(scope, written.imageUri, 'compute.code');
  if (written.s3ObjectVersion !== undefined) return ['DEPLOY-IMMUTABLE-ARTIFACTS'];
  return [];
}

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS: a digest pins the image (claimed); an image the checks call unpinned
 * (`latest`, no tag, a channel tag such as `stable` or `lts`, a major version alone such as `16` or
 * `20-alpine`, a malformed tag or digest) is refused. A version tag is neither: only the registry knows
 * whether it can move, so it is left to the checks.
 */
function judgeImage(scope: Construct, written: string, prop = 'compute.image'): string[] {
  const imageName = Token.isUnresolved(written) ? literalReference(written) : written;
  if (imageName === undefined) return [];
  if (isDigestPinned(imageName)) return ['DEPLOY-IMMUTABLE-ARTIFACTS'];
  const unpinned = unpinnedImageReason(imageName);
  if (unpinned) {
    refuseWeakening(scope, 'DEPLOY-IMMUTABLE-ARTIFACTS', prop, `${imageName} is not pinned (${unpinned}): the previous version cannot be redeployed`);
  }
  return [];
}
