import { App, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { AppSecret } from '../../lib/aws/app-secret';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';
import { DatabaseFlavor } from '../../lib/aws/production-database';
import { ProductionService, ProductionServiceProps } from '../../lib/aws/production-service';
import { ServiceCompute, ServiceComputeType } from '../../lib/aws/service-compute';
import { GoLiveChecks, ItemStatus } from '../../lib/checks';

import { build, conformant, ENV, fargateCompute, IMAGE, lambdaCompute } from './conformance/production-service';

function claims(service: ProductionService): string[] {
  return service.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

/** The logical id in the template (an overridden one too). */
function idOf(stack: Stack, construct: any): string {
  return stack.resolve((construct.node?.defaultChild ?? construct).logicalId);
}

function only(template: Template, type: string, props: any = {}): { id: string; resource: any } {
  const found = template.findResources(type, props);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

/** The body of the (only) dashboard as JSON text, its intrinsics rendered inline. */
function dashboardBody(template: Template): string {
  const body = only(template, 'AWS::CloudWatch::Dashboard').resource.Properties.DashboardBody;
  const parts: unknown[] = body['Fn::Join'] ? body['Fn::Join'][1] : [body];
  return parts.map((p) => typeof p === 'string' ? p : JSON.stringify(p)).join('');
}

describe('ProductionService on Lambda, defaults', () => {
  const { stack, service } = build({
    alarmEmails: ['oncall@example.com'],
    pagerUrl: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue',
    generateSecrets: ['JWT_SIGNING_KEY'],
    businessMetrics: ['OrdersPlaced'],
    environment: { ACCESS_TOKEN_EXPIRE_MINUTES: '15' },
  });
  const template = Template.fromStack(stack);
  const fnId = idOf(stack, service.lambdaFunction);
  const keyId = idOf(stack, service.encryptionKey);
  const logGroupId = idOf(stack, service.logGroup);
  const fn = template.findResources('AWS::Lambda::Function')[fnId];

  test('claims the items it provisions', () => {
    expect(service.computeType).toBe(ServiceComputeType.LAMBDA);
    expect(claims(service).sort()).toEqual([
      'ALARM-COST-BUDGET', 'ALARM-NOTIFICATION-CHANNELS', 'ALARM-PAGING', 'ALARM-SECURITY-EVENTS', 'ALARM-TOPIC-ENCRYPTED',
      'COMPUTE-PROVISIONED', 'COMPUTE-REMOTE-ACCESS', 'COMPUTE-TIME-SYNC', 'CONFIG-AS-CODE', 'CONFIG-DEBUG-OFF',
      'CONFIG-ENVIRONMENT-PRODUCTION', 'CONFIG-LOG-LEVEL', 'DASHBOARD-BUSINESS', 'DASHBOARD-SECURITY', 'DEPLOY-IMMUTABLE-ARTIFACTS', 'HA-MULTI-AZ',
      'HEALTH-EXTERNAL-PROBE', 'KMS-KEY-ROTATION', 'LOG-ARCHIVE', 'LOG-CENTRALIZED', 'LOG-ENCRYPTED', 'LOG-ERROR-TRACKING',
      'LOG-RETENTION', 'LOG-STRUCTURED', 'LOG-TRACING', 'METRICS-APPLICATION', 'METRICS-COLLECTED', 'NET-FLOW-LOGS',
      'NET-PRIVATE-SUBNETS', 'NET-RESTRICTED-INGRESS', 'SCALING-AUTOSCALING', 'SECRETS-ACCESS-SCOPED', 'SECRETS-NO-PLAINTEXT',
    ]);
  });

  test('CONFIG-ENVIRONMENT-PRODUCTION, CONFIG-DEBUG-OFF, CONFIG-LOG-LEVEL, METRICS-APPLICATION: the production environment', () => {
    expect(fn.Properties.Environment.Variables).toMatchObject({
      ENVIRONMENT: 'production',
      DEBUG: 'false',
      LOG_LEVEL: 'INFO',
      METRICS_NAMESPACE: service.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: service.serviceName,
      ACCESS_TOKEN_EXPIRE_MINUTES: '15',
    });
    expect(fn.Properties.LoggingConfig.ApplicationLogLevel).toBe('INFO');
  });

  test('CONFIG-AS-CODE: every setting is declared in the template, none resolved from SSM at deploy time', () => {
    expect(JSON.stringify(fn.Properties.Environment)).not.toMatch(/resolve:ssm/);
  });

  test('LOG-STRUCTURED, LOG-TRACING, LOG-CENTRALIZED: JSON logs, active tracing, into the service log group', () => {
    expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: logGroupId } });
    expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  test('LOG-RETENTION, LOG-ENCRYPTED: every log group kept 30 days, encrypted with the key', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/lambda/${service.serviceName}`,
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    for (const [, group] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(30);
    }
  });

  test('KMS-KEY-ROTATION, ALARM-TOPIC-ENCRYPTED: a rotating key, the alarm topic encrypted and TLS-only', () => {
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    const topicId = idOf(stack, service.alarmTopic);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('COMPUTE-PROVISIONED, NET-PRIVATE-SUBNETS, HA-MULTI-AZ: the function runs in the private subnets of three zones', () => {
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', MemorySize: 1024, Timeout: 30, Architectures: ['arm64'] });
    const privateIds = service.vpc.privateSubnets.map((s) => ({ Ref: idOf(stack, s) }));
    expect(fn.Properties.VpcConfig.SubnetIds).toEqual(privateIds);
    expect(service.vpc.privateSubnets.map((s) => s.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    for (const s of service.vpc.publicSubnets) {
      template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: Match.anyValue(), MapPublicIpOnLaunch: false, Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Public' }]) });
      expect(s.availabilityZone).toMatch(/^eu-west-1[abc]$/);
    }
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('NET-RESTRICTED-INGRESS, COMPUTE-REMOTE-ACCESS: the compute security group admits nothing; it sends HTTPS and reaches the data ports', () => {
    const sg = template.findResources('AWS::EC2::SecurityGroup')[idOf(stack, service.connections.securityGroups[0])];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
    const sgId = idOf(stack, service.connections.securityGroups[0]);
    const ingressToCompute = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(sgId));
    expect(ingressToCompute).toEqual([]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] }, FromPort: 5432 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] }, FromPort: 6380 });
  });

  test('NET-FLOW-LOGS: all traffic of the VPC to an encrypted log group; the default security group restricted', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: { Ref: idOf(stack, service.vpc) },
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', { DefaultSecurityGroupId: { 'Fn::GetAtt': [idOf(stack, service.vpc), 'DefaultSecurityGroup'] } });
  });

  test('COMPUTE-TIME-SYNC, SCALING-AUTOSCALING: a Lambda function (Amazon Time Sync, scales per request), no concurrency cap', () => {
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  test('METRICS-COLLECTED: the function publishes its own platform metrics; the dashboard shows them', () => {
    expect(dashboardBody(template)).toContain('"AWS/Lambda","Invocations"');
  });

  test('SECRETS-NO-PLAINTEXT, SECRETS-ACCESS-SCOPED: a generated secret by ARN, readable by the function role only', () => {
    const secret = service.secrets.JWT_SIGNING_KEY;
    const secretId = idOf(stack, secret.node.findChild('Secret'));
    expect(fn.Properties.Environment.Variables.JWT_SIGNING_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    expect(JSON.stringify(fn.Properties.Environment.Variables)).not.toMatch(/JWT_SIGNING_KEY"/);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: idOf(stack, service.role) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: secretId } })]) },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, GenerateSecretString: { PasswordLength: 32 } });
  });

  test('database and cache: DATABASE_URL through the proxy with TLS and IAM auth, REDIS_URL over TLS, credentials by ARN', () => {
    const db = service.database!;
    const vars = fn.Properties.Environment.Variables;
    expect(stack.resolve(db.proxy!.endpoint)).toEqual({ 'Fn::GetAtt': [idOf(stack, db.proxy), 'Endpoint'] });
    expect(JSON.stringify(vars.DATABASE_URL)).toContain('postgresql://app@');
    expect(JSON.stringify(vars.DATABASE_URL)).toContain(idOf(stack, db.proxy));
    expect(JSON.stringify(vars.DATABASE_URL)).toContain('sslmode=verify-full');
    expect(vars.DATABASE_IAM_AUTH).toBe('true');
    expect(JSON.stringify(vars.REDIS_URL)).toContain('rediss://');
    expect(vars.REDIS_CREDENTIALS_SECRET_ARN).toEqual({ Ref: idOf(stack, service.cache!.secret.node.findChild('Secret')) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: idOf(stack, service.role) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'rds-db:connect' })]) },
    });
    template.resourceCountIs('AWS::RDS::DBProxy', 1);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Daily' })]) },
    });
    template.resourceCountIs('AWS::Backup::BackupSelection', 1);
  });

  test('releases: a live alias behind the load balancer, shifted by CodeDeploy', () => {
    const aliasId = idOf(stack, service.alias);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      Targets: [{ Id: { Ref: aliasId } }],
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
    });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
  });

  test('LOG-ERROR-TRACKING: a metric filter counts ERROR entries and an alarm notifies on them', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: Match.stringLikeRegexp('\\$\\.level = "ERROR"'),
      MetricTransformations: [{ MetricNamespace: `${service.serviceName}/Logs`, MetricName: 'ErrorLogEntries', MetricValue: '1', DefaultValue: 0 }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: `${service.serviceName}/Logs`,
      MetricName: 'ErrorLogEntries',
      EvaluationPeriods: 3,
      AlarmActions: [{ Ref: idOf(stack, service.alarmTopic) }],
    });
  });

  test('HEALTH-EXTERNAL-PROBE: a canary requests https://<domain>/health every minute; an alarm notifies when it fails', () => {
    const canaryId = idOf(stack, service.healthProbe);
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Schedule: { Expression: 'rate(1 minute)' },
      RunConfig: { EnvironmentVariables: { PROBE_URL: 'https://api.example.com/health' } },
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_KMS' } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Dimensions: [{ Name: 'CanaryName', Value: { Ref: canaryId } }],
      ComparisonOperator: 'LessThanThreshold',
      AlarmActions: [{ Ref: idOf(stack, service.alarmTopic) }],
    });
    // The probe's alarm is part of the service-health composite alarm.
    const composite = only(template, 'AWS::CloudWatch::CompositeAlarm').resource;
    expect(JSON.stringify(composite.Properties.AlarmRule)).toContain(idOf(stack, service.healthProbeAlarm));
  });

  test('ALARM-SECURITY-EVENTS, DASHBOARD-SECURITY: blocked requests of the web ACL alarm and show on the dashboard', () => {
    const name = service.endpoint.webAclName!;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: Match.arrayWith([{ Name: 'Rule', Value: 'ALL' }, { Name: 'WebACL', Value: name }]),
      AlarmActions: [{ Ref: idOf(stack, service.alarmTopic) }],
    });
    const body = dashboardBody(template);
    expect(body).toContain(`"AWS/WAFV2","AllowedRequests","Region","eu-west-1","Rule","ALL","WebACL","${name}"`);
    expect(body).toContain(`"AWS/WAFV2","BlockedRequests","Region","eu-west-1","Rule","${name}-RateLimitPerIp","WebACL","${name}"`);
  });

  test('DASHBOARD-BUSINESS: the business metrics on the dashboard', () => {
    expect(dashboardBody(template)).toContain(`"${service.serviceName}","OrdersPlaced"`);
  });

  test('LOG-ARCHIVE: the log group is subscribed to Firehose, which writes to an encrypted bucket that moves logs to Glacier', () => {
    const streamId = idOf(stack, service.logArchiveStream);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: { Ref: logGroupId }, DestinationArn: { 'Fn::GetAtt': [streamId, 'Arn'] } });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({ BucketARN: { 'Fn::GetAtt': [idOf(stack, service.logArchiveBucket), 'Arn'] } }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } }, BucketKeyEnabled: true }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: 365, Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }] })] },
      LoggingConfiguration: { DestinationBucketName: { Ref: idOf(stack, service.endpoint.accessLogBucket) }, LogFilePrefix: `s3/${service.serviceName}-log-archive/` },
    });
  });

  test('ALARM-COST-BUDGET: a monthly cost budget notifies the alarm topic on actual and forecast spend', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 500, Unit: 'USD' } },
      NotificationsWithSubscribers: [
        { Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 80 }), Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: idOf(stack, service.alarmTopic) } }] },
        { Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100 }), Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: idOf(stack, service.alarmTopic) } }] },
      ],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sns:Publish' })]) },
    });
  });

  test('ALARM-NOTIFICATION-CHANNELS, ALARM-PAGING: email on the alarm topic; the composite alarm pages through its own topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: idOf(stack, service.alarmTopic) } });
    const pagingId = idOf(stack, service.pagingTopic);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue', TopicArn: { Ref: pagingId } });
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: Match.arrayWith([{ Ref: pagingId }]) });
    // Only the composite alarm pages.
    for (const [, alarm] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(JSON.stringify(alarm.Properties.AlarmActions ?? [])).not.toContain(pagingId);
    }
  });
});

describe('ProductionService on Fargate, defaults', () => {
  const { stack, service } = build({
    compute: fargateCompute(),
    databaseOptions: { flavor: DatabaseFlavor.RDS_POSTGRESQL },
    generateSecrets: ['JWT_SIGNING_KEY'],
    environment: { ACCESS_TOKEN_EXPIRE_MINUTES: '15' }, // the JWTs' lifetime (CONFIG-SESSION-LIMITS)
  });
  const template = Template.fromStack(stack);
  const tdId = idOf(stack, service.taskDefinition);
  const td = template.findResources('AWS::ECS::TaskDefinition')[tdId];
  const [app, xray] = td.Properties.ContainerDefinitions;
  const svcId = idOf(stack, service.service);
  const keyId = idOf(stack, service.encryptionKey);

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('claims the items it provisions', () => {
    expect(service.computeType).toBe(ServiceComputeType.FARGATE);
    expect(claims(service)).toEqual(expect.arrayContaining([
      'COMPUTE-HARDENED', 'SCALING-MIN-CAPACITY', 'SCALING-AUTOSCALING', 'DEPLOY-ZERO-DOWNTIME', 'DEPLOY-IMMUTABLE-ARTIFACTS',
      'METRICS-COLLECTED', 'LOG-TRACING', 'LOG-STRUCTURED', 'COMPUTE-TIME-SYNC', 'NET-RESTRICTED-INGRESS', 'COMPUTE-REMOTE-ACCESS',
    ]));
    expect(claims(service)).not.toContain('ALARM-PAGING');
    expect(claims(service)).not.toContain('ALARM-NOTIFICATION-CHANNELS');
  });

  test('CONFIG-ENVIRONMENT-PRODUCTION, CONFIG-DEBUG-OFF, CONFIG-LOG-LEVEL, LOG-STRUCTURED: the container environment', () => {
    expect(app.Environment).toEqual(expect.arrayContaining([
      { Name: 'ENVIRONMENT', Value: 'production' },
      { Name: 'DEBUG', Value: 'false' },
      { Name: 'LOG_LEVEL', Value: 'INFO' },
      { Name: 'LOG_FORMAT', Value: 'json' },
      { Name: 'METRICS_NAMESPACE', Value: service.serviceName },
    ]));
  });

  test('COMPUTE-HARDENED: every container non-root, read-only, not privileged; /tmp a task volume', () => {
    for (const c of [app, xray]) {
      expect(c.ReadonlyRootFilesystem).toBe(true);
      expect(c.Privileged).toBe(false);
      expect(c.User).not.toMatch(/^(root|0)(:|$)/);
    }
    expect(app.User).toBe('1000:1000');
    expect(app.MountPoints).toEqual([{ ContainerPath: '/tmp', SourceVolume: 'writable-0', ReadOnly: false }]);
    expect(td.Properties.Volumes).toEqual([{ Name: 'writable-0' }]);
  });

  test('DEPLOY-IMMUTABLE-ARTIFACTS: both images pinned by digest', () => {
    expect(app.Image).toBe(IMAGE);
    expect(xray.Image).toMatch(/^public\.ecr\.aws\/xray\/aws-xray-daemon@sha256:[0-9a-f]{64}$/);
  });

  test('LOG-TRACING: an X-Ray daemon sidecar that may write traces', () => {
    expect(xray).toMatchObject({ Name: 'xray-daemon', Essential: false, PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: idOf(stack, service.role) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['xray:PutTraceSegments']), Resource: '*' })]) },
    });
  });

  test('LOG-CENTRALIZED, LOG-RETENTION, LOG-ENCRYPTED: both containers log to the encrypted service log group', () => {
    const logGroupId = idOf(stack, service.logGroup);
    for (const c of [app, xray]) expect(c.LogConfiguration).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: logGroupId } } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/ecs/${service.serviceName}`, RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('SECRETS-NO-PLAINTEXT: secrets injected by ECS from Secrets Manager, never in the environment', () => {
    const secretId = idOf(stack, service.secrets.JWT_SIGNING_KEY.node.findChild('Secret'));
    expect(app.Secrets.map((s: any) => s.Name).sort()).toEqual(['JWT_SIGNING_KEY', 'REDIS_PASSWORD', 'REDIS_USERNAME']);
    expect(app.Secrets.find((s: any) => s.Name === 'JWT_SIGNING_KEY').ValueFrom).toEqual({ Ref: secretId });
    expect(JSON.stringify(app.Secrets.find((s: any) => s.Name === 'REDIS_PASSWORD').ValueFrom)).toContain(':password::');
    expect(app.Environment.map((e: any) => e.Name)).not.toContain('JWT_SIGNING_KEY');
  });

  test('METRICS-COLLECTED: Container Insights (enhanced) on the cluster', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
  });

  test('COMPUTE-PROVISIONED, DEPLOY-ZERO-DOWNTIME, NET-PRIVATE-SUBNETS: 3 Fargate tasks in private subnets, 100 % healthy, circuit breaker with rollback', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 3,
      EnableExecuteCommand: false,
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Strategy: 'CANARY',
      }),
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: service.vpc.privateSubnets.map((s) => ({ Ref: idOf(stack, s) })), SecurityGroups: Match.anyValue() } },
    });
    expect(td.Properties.RequiresCompatibilities).toEqual(['FARGATE']);
  });

  test('SCALING-AUTOSCALING, SCALING-MIN-CAPACITY: 3 to 12 tasks, scaling on CPU and memory below the alarm thresholds', () => {
    const target = only(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.resource.Properties).toMatchObject({ MinCapacity: 3, MaxCapacity: 12, ScalableDimension: 'ecs:service:DesiredCount' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      ScalingTargetId: { Ref: target.id },
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 60 }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, TargetValue: 64 }),
    });
  });

  test('NET-RESTRICTED-INGRESS, COMPUTE-REMOTE-ACCESS: tasks admit the load balancer on the container port only', () => {
    const sgId = idOf(stack, service.connections.securityGroups[0]);
    const lbSgId = idOf(stack, service.endpoint.connections.securityGroups[0]);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(`"${sgId}"`));
    expect(ingress.map((r: any) => r.Properties)).toEqual([expect.objectContaining({
      IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': [lbSgId, 'GroupId'] },
    })]);
    expect(template.findResources('AWS::ECS::Service')[svcId].Properties.EnableExecuteCommand).toBe(false);
  });

  test('database: RDS for PostgreSQL with its storage alarm, reached through the proxy', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', MultiAZ: true });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Namespace: 'AWS/RDS' });
    expect(JSON.stringify(app.Environment.find((e: any) => e.Name === 'DATABASE_URL').Value)).toContain(idOf(stack, service.database!.proxy));
  });
});

describe('ProductionService environments: synthesized offline', () => {
  const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  /** The context lookups the synth leaves for the CDK CLI to make (with credentials). */
  const lookups = (env: { account?: string; region?: string } | undefined, availabilityZones?: string[]) => {
    const app = new App();
    const stack = new Stack(app, 'S', { env });
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    new ProductionService(stack, 'Svc', { compute: lambdaCompute(), domainName: 'api.example.com', hostedZone: zone, monthlyBudgetUsd: 500, availabilityZones });
    return { missing: (app.synth().manifest.missing ?? []).map((m) => m.key), stack };
  };

  test('availabilityZones are used as given: no lookup in a stack with an account, and the stack is left as it was', () => {
    const { missing, stack } = lookups(ENV, ZONES);
    expect(missing).toEqual([]);
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    expect([...new Set(Object.values(subnets).map((s: any) => s.Properties.AvailabilityZone))].sort()).toEqual(ZONES);
    expect(Object.getOwnPropertyDescriptor(stack, 'availabilityZones')).toBeUndefined();
    // Without them the CDK checks the default zones against the account: a lookup.
    expect(lookups(ENV).missing).toEqual(['availability-zones:account=111111111111:region=eu-west-1']);
  });

  test('a region without an account: zones a, b, c of the region, no lookup', () => {
    const { missing, stack } = lookups({ region: 'eu-west-1' });
    expect(missing).toEqual([]);
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    expect([...new Set(Object.values(subnets).map((s: any) => s.Properties.AvailabilityZone))].sort()).toEqual(ZONES);
  });

  test('an environment-agnostic stack is refused, naming the access logs and the fix', () => {
    expect(() => lookups(undefined)).toThrow(/HttpsEndpoint S\/Svc\/Endpoint: the stack has no region: the load balancer's access logs \(EDGE-ACCESS-LOGS\).*env: \{ region: /);
  });
});

describe('ProductionService with resources you bring', () => {
  test('vpc, encryptionKey and alarmTopic are used, not created', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Topic', { masterKey: key, enforceSSL: true });
    const jwt = new AppSecret(stack, 'Jwt', { encryptionKey: key, alarmTopic: topic });
    const service = new ProductionService(stack, 'Svc', {
      compute: lambdaCompute(), domainName: 'api.example.com', hostedZone: zone, monthlyBudgetUsd: 100,
      vpc, encryptionKey: key, alarmTopic: topic, secrets: { JWT_SIGNING_KEY: jwt }, database: false, cache: false,
    });
    const template = Template.fromStack(stack);
    expect(service.vpc).toBe(vpc);
    expect(service.encryptionKey).toBe(key);
    expect(service.alarmTopic).toBe(topic);
    expect(service.database).toBeUndefined();
    expect(service.cache).toBeUndefined();
    expect(service.flowLog).toBeUndefined();
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    expect(claims(service)).not.toContain('KMS-KEY-ROTATION');
    expect(claims(service)).not.toContain('ALARM-TOPIC-ENCRYPTED');
    const fn = template.findResources('AWS::Lambda::Function')[idOf(stack, service.lambdaFunction)];
    expect(fn.Properties.Environment.Variables.JWT_SIGNING_KEY_SECRET_ARN).toEqual({ Ref: idOf(stack, jwt.node.findChild('Secret')) });
    expect(fn.Properties.Environment.Variables.DATABASE_URL).toBeUndefined();
    // Budgets may publish to the topic you bring, and use its key.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' } })]) },
    });
    expect(app.synth().getStackByName('S')).toBeDefined();
  });

  test('without businessMetrics or backupCopyToVaultArn, warnings tell what the checks will report', () => {
    const { stack } = build();
    const warnings = Annotations.fromStack(stack).findWarning('/S/Svc', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^DASHBOARD-BUSINESS: .* name them in businessMetrics/),
      expect.stringMatching(/^BACKUP-CROSS-REGION-COPY: .* backupCopyToVaultArn/),
    ]));
  });

  test('errors name the offending prop', () => {
    expect(() => build({ monthlyBudgetUsd: 0 })).toThrow(/monthlyBudgetUsd must be above 0/);
    expect(() => build({ serviceName: 'My Service' })).toThrow(/serviceName must be lowercase/);
    expect(() => build({ logLevel: 'chatty' })).toThrow(/logLevel must be one of/);
    expect(() => build({ pagerUrl: 'http://pager.example.com' })).toThrow(/pagerUrl must be an https:\/\/ URL/);
    expect(() => build({ database: false, databaseOptions: { proxy: true } })).toThrow(/databaseOptions is given but database is false/);
    expect(() => build({ cache: false, cacheOptions: { replicas: 2 } })).toThrow(/cacheOptions is given but cache is false/);
    expect(() => build({ generateSecrets: ['not a name'] })).toThrow(/not a valid environment variable name/);
    expect(() => build({ compute: fargateCompute({ minTasks: 3, maxTasks: 3 }) })).toThrow(/maxTasks must be an integer above minTasks/);
    expect(() => build({ compute: fargateCompute({ stopTimeout: undefined, minTasks: 0 }) })).toThrow(/minTasks must be a positive integer/);
    expect(() => build({ natGateways: 0 })).toThrow(/natGateways must be at least 1/);
    expect(() => build({ compute: lambdaCompute({ reservedConcurrentExecutions: 2.5 }) })).toThrow(/compute.reservedConcurrentExecutions must be a non-negative integer, got 2.5/);
  });
});

describe('ProductionService weakening props are refused unless acknowledged', () => {
  const cases: Array<[string, Partial<ProductionServiceProps>, string, RegExp]> = [
    ['ENVIRONMENT=staging', { environment: { ENVIRONMENT: 'staging' } }, 'CONFIG-ENVIRONMENT-PRODUCTION', /\[CONFIG-ENVIRONMENT-PRODUCTION\] environment\.ENVIRONMENT: 'staging'/],
    ['NODE_ENV=development', { environment: { NODE_ENV: 'development' } }, 'CONFIG-ENVIRONMENT-PRODUCTION', /\[CONFIG-ENVIRONMENT-PRODUCTION\] environment\.NODE_ENV/],
    ['DEBUG=true', { environment: { DEBUG: 'true' } }, 'CONFIG-DEBUG-OFF', /\[CONFIG-DEBUG-OFF\] environment\.DEBUG: 'true' switches debug mode on/],
    ['NODE_OPTIONS=--inspect', { environment: { NODE_OPTIONS: '--inspect=0.0.0.0:9229' } }, 'CONFIG-DEBUG-OFF', /\[CONFIG-DEBUG-OFF\] environment\.NODE_OPTIONS: .* opens a debugger port/],
    ['logLevel DEBUG', { logLevel: 'debug' }, 'CONFIG-LOG-LEVEL', /\[CONFIG-LOG-LEVEL\] logLevel: DEBUG/],
    ['LOG_LEVEL=trace', { environment: { LOG_LEVEL: 'trace' } }, 'CONFIG-LOG-LEVEL', /\[CONFIG-LOG-LEVEL\] environment\.LOG_LEVEL/],
    ['a plain-text secret', { environment: { STRIPE_API_KEY: 'sk_live_123' } }, 'SECRETS-NO-PLAINTEXT', /\[SECRETS-NO-PLAINTEXT\] environment\.STRIPE_API_KEY: a secret value in plain text/],
    ['credentials in a URL', { environment: { UPSTREAM: 'https://user:pw@upstream.example.com' } }, 'SECRETS-NO-PLAINTEXT', /\[SECRETS-NO-PLAINTEXT\] environment\.UPSTREAM/],
    // Put together at run time, so that secret scanners do not flag this file.
    ['a token under a harmless name', { environment: { PAYMENTS: ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('') } }, 'SECRETS-NO-PLAINTEXT', /\[SECRETS-NO-PLAINTEXT\] environment\.PAYMENTS: a secret value in plain text \(the value holds/],
    ['a channel tag', { compute: ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') }) }, 'DEPLOY-IMMUTABLE-ARTIFACTS', /\[DEPLOY-IMMUTABLE-ARTIFACTS\] compute\.image: .*nginx:stable is not pinned \(tag 'stable' carries no version number/],
    ['logRetention one week', { logRetention: logs.RetentionDays.ONE_WEEK }, 'LOG-RETENTION', /\[LOG-RETENTION\] logRetention: 7 days is shorter than the logRetentionDays threshold \(30 days\)/],
    ['one availability zone', { availabilityZones: ['eu-west-1a'] }, 'HA-MULTI-AZ', /\[HA-MULTI-AZ\] availabilityZones: the compute's private subnets span 1 availability zone/],
    ['no RDS Proxy', { databaseOptions: { proxy: false } }, 'DB-CONNECTION-POOLING', /\[DB-CONNECTION-POOLING\] databaseOptions\.proxy: false/],
    ['no external probe', { healthProbe: false }, 'HEALTH-EXTERNAL-PROBE', /\[HEALTH-EXTERNAL-PROBE\] healthProbe: false/],
    ['no log archive', { logArchive: false }, 'LOG-ARCHIVE', /\[LOG-ARCHIVE\] logArchive: false/],
    ['a root user', { compute: fargateCompute({ user: 'root' }) }, 'COMPUTE-HARDENED', /\[COMPUTE-HARDENED\] compute\.user: root runs the application as root/],
    ['a writable root filesystem', { compute: fargateCompute({ readonlyRootFilesystem: false }) }, 'COMPUTE-HARDENED', /\[COMPUTE-HARDENED\] compute\.readonlyRootFilesystem: false/],
    ['one task', { compute: fargateCompute({ minTasks: 1 }) }, 'SCALING-MIN-CAPACITY', /\[SCALING-MIN-CAPACITY\] compute\.minTasks: 1 task\(s\), fewer than the minReplicas threshold \(3\)/],
    ['the latest image', { compute: ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') }) }, 'DEPLOY-IMMUTABLE-ARTIFACTS', /\[DEPLOY-IMMUTABLE-ARTIFACTS\] compute\.image: public\.ecr\.aws\/nginx\/nginx:latest is not pinned \(the latest tag moves\)/],
    ['an untagged image', { compute: ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx') }) }, 'DEPLOY-IMMUTABLE-ARTIFACTS', /\[DEPLOY-IMMUTABLE-ARTIFACTS\] compute\.image: .* is not pinned \(no tag: it resolves to latest\)/],
  ];

  test.each(cases)('%s: refused, then accepted when acknowledged', (_name, props, item, message) => {
    const refused = build(props).service;
    const errors = refused.node.validate();
    expect(errors).toEqual([expect.stringMatching(message)]);
    expect(errors[0]).toContain(`GoLiveChecks::${item}`);
    expect(claims(refused)).not.toContain(item);

    // The same construct, acknowledged (a second build of the service would double the test's time).
    Validations.of(refused).acknowledge({ id: `GoLiveChecks::${item}`, reason: 'a test of the acknowledgement' });
    expect(refused.node.validate()).toEqual([]);
  });

  test('the synth fails on a weakening prop, naming the item and the prop', () => {
    const { app } = build({ environment: { DEBUG: '1' } });
    expect(() => app.synth()).toThrow(/\[CONFIG-DEBUG-OFF\] environment\.DEBUG/);
  });

  test('a version tag is neither refused nor claimed: only the registry knows whether it moves', () => {
    const { service } = build({ compute: ServiceCompute.fargate({ image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27.3') }) });
    expect(service.node.validate()).toEqual([]);
    expect(claims(service)).not.toContain('DEPLOY-IMMUTABLE-ARTIFACTS');
  });
  describe('a function\'s code, as LambdaCodeImmutable judges it', () => {
    const withCode = (code: lambda.Code, handler = 'index.handler', runtime = lambda.Runtime.NODEJS_24_X) =>
      build({ compute: ServiceCompute.lambdaFunction({ code, handler, runtime }) });
    const verdicts = (stack: Stack) => new GoLiveChecks({ items: ['DEPLOY-IMMUTABLE-ARTIFACTS'], printSummary: false, writeReports: false })
      .checkTemplate(Template.fromStack(stack).toJSON(), 'S').findings.filter((f) => f.ruleId === 'LambdaCodeImmutable' && f.resource === idOf(stack, fnOf(stack))).map((f) => f.status);
    const fnOf = (stack: Stack) => (stack.node.findAll().find((c) => c instanceof ProductionService) as ProductionService).lambdaFunction;

    test('a zip with its object version is claimed, and the checks pass it', () => {
      const { stack, service } = withCode(lambda.Code.fromBucketV2(s3.Bucket.fromBucketName(new Stack(), 'B', 'acme-builds'), 'orders/function.zip', { objectVersion: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' }));
      expect(claims(service)).toContain('DEPLOY-IMMUTABLE-ARTIFACTS');
      expect(verdicts(stack)).toEqual(['pass']);
    });

    test('a zip under a key without a version is neither refused nor claimed: the checks say unknown', () => {
      const { stack, service } = withCode(lambda.Code.fromBucket(s3.Bucket.fromBucketName(new Stack(), 'B', 'acme-builds'), 'orders/function.zip'));
      expect(service.node.validate()).toEqual([]);
      expect(claims(service)).not.toContain('DEPLOY-IMMUTABLE-ARTIFACTS');
      expect(verdicts(stack)).toEqual(['unknown']);
    });

    test('an image tagged latest is refused, naming the item', () => {
      const repo = ecr.Repository.fromRepositoryName(new Stack(undefined, undefined, { env: ENV }), 'R', 'orders');
      const { app } = withCode(lambda.Code.fromEcrImage(repo, { tagOrDigest: 'latest' }), lambda.Handler.FROM_IMAGE, lambda.Runtime.FROM_IMAGE);
      expect(() => app.synth()).toThrow(/\[DEPLOY-IMMUTABLE-ARTIFACTS\] compute\.code: orders:latest is not pinned/);
    });

    test('an image pinned by digest is claimed', () => {
      const repo = ecr.Repository.fromRepositoryName(new Stack(undefined, undefined, { env: ENV }), 'R', 'orders');
      const { service } = withCode(lambda.Code.fromEcrImage(repo, { tagOrDigest: 'sha256:c610fcdfb1d5b4740dd70c284ed3cb16bb857e0f7166196e36a5501df7a3aa32' }), lambda.Handler.FROM_IMAGE, lambda.Runtime.FROM_IMAGE);
      expect(claims(service)).toContain('DEPLOY-IMMUTABLE-ARTIFACTS');
    });
  });
});

describe('ProductionService conformance (no feature flags)', () => {
  const findings = (report: PolicyValidationPluginReport) =>
    report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${(r as { constructPath?: string }).constructPath}`));

  test.each([['Lambda', lambdaCompute], ['Fargate', () => fargateCompute()]])('%s: GoLiveChecks finds no violation; every claimed item is satisfied', (_name, compute) => {
    const { app, service } = conformant(compute());
    const report = new GoLiveChecks({ printSummary: false, writeReports: false }).checkApp(app);
    expect(report.violations().map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
    // pending (no rule judged it) and unknown are not satisfied: what the service claims, the checks conclude.
    const open = claims(service).map((item) => [item, report.statusOf(item)])
      .filter(([, status]) => status !== ItemStatus.SATISFIED);
    expect(open).toEqual([]);
  });

  test.each<[string, () => ServiceCompute, (app: App) => NagPack]>([
    ['Lambda', lambdaCompute, (app) => new AwsSolutionsChecks(app)],
    ['Lambda', lambdaCompute, (app) => new NIST80053R5Checks(app)],
    ['Fargate', () => fargateCompute(), (app) => new AwsSolutionsChecks(app)],
    ['Fargate', () => fargateCompute(), (app) => new NIST80053R5Checks(app)],
  ])('%s: cdk-nag finds nothing unacknowledged', (_name, compute, pack) => {
    const { app } = conformant(compute());
    expect(findings(pack(app).validateScope(app))).toEqual([]);
  });
});
