import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CacheAuthentication, CacheEngine, ProductionCache, ProductionCacheProps } from '../../lib/aws/production-cache';
import { CLAIMS_METADATA_TYPE } from '../../lib/aws/private/guard';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function build(props: Partial<ProductionCacheProps> = {}, context: Record<string, unknown> = {}, maxAzs = 3) {
  const app = new App({ context });
  const stack = new Stack(app, 'S', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs, natGateways: 1 });
  const cache = new ProductionCache(stack, 'Cache', { vpc, ...props });
  return { app, stack, vpc, cache };
}

function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

function idOf(stack: Stack, construct: { node: { defaultChild?: any } } | any): string {
  return stack.getLogicalId(construct.node?.defaultChild ?? construct);
}

function claims(cache: ProductionCache): string[] {
  return cache.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

describe('ProductionCache defaults', () => {
  const { stack, vpc, cache } = build();
  const template = Template.fromStack(stack);
  const rgId = idOf(stack, cache.replicationGroup);
  const keyId = only(template, 'AWS::KMS::Key').id;

  test('snapshot of a default stack', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('CACHE-PROVISIONED: a Valkey replication group, version pinned', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      EngineVersion: '8.2',
      CacheNodeType: 'cache.r7g.large',
      AutoMinorVersionUpgrade: true,
    });
  });

  test('CACHE-TLS-IN-TRANSIT: TLS required', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
    });
    expect(stack.resolve(cache.endpoint.url)).toEqual({ 'Fn::Join': ['', ['rediss://', { 'Fn::GetAtt': [rgId, 'PrimaryEndPoint.Address'] }, ':6380']] });
    expect(stack.resolve(cache.readerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [rgId, 'ReaderEndPoint.Address'] });
    expect(stack.resolve(cache.replicationGroupId)).toEqual({ Ref: rgId });
  });

  test('CACHE-ENCRYPTION-AT-REST and KMS-KEY-ROTATION: encrypted with its own rotating key', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('CACHE-AUTH: RBAC group with a password user from Secrets Manager and the default user switched off', () => {
    const rg = template.findResources('AWS::ElastiCache::ReplicationGroup')[rgId];
    expect(rg.Properties.AuthToken).toBeUndefined();
    expect(rg.Properties.UserGroupIds).toEqual([{ Ref: idOf(stack, cache.userGroup) }]);
    const secretId = idOf(stack, cache.secret.node.findChild('Secret'));
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', {
      Engine: 'redis',
      UserIds: [{ Ref: idOf(stack, cache.disabledDefaultUser) }, { Ref: idOf(stack, cache.appUser) }],
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'default',
      AccessString: 'off -@all',
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'app',
      AccessString: 'on ~* +@all -@admin',
      AuthenticationMode: {
        Type: 'password',
        Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:password::}}']] }],
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password', PasswordLength: 32 },
    });
  });

  test('CACHE-AUTH: the user password rotates with the secret (ModifyUser), after the group exists', () => {
    const userId = (template.findResources('AWS::ElastiCache::User')[idOf(stack, cache.appUser)] as any).Properties.UserId;
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ CACHE_USER_ID: userId, JSON_FIELD: 'password' }) } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'elasticache:ModifyUser',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:eu-west-1:111111111111:user:${userId}`]] },
        })]),
      },
    });
    template.hasResource('AWS::SecretsManager::RotationSchedule', {
      Properties: { RotationRules: { ScheduleExpression: 'rate(30 days)' } },
      DependsOn: Match.arrayWith([rgId]),
    });
  });

  test('CACHE-MULTI-AZ-FAILOVER: two nodes, multi-AZ, automatic failover, subnets in three zones', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 2,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
    });
    expect(cache.nodeCount).toBe(2);
  });

  test('CACHE-SNAPSHOT-RETENTION: daily snapshots kept 7 days, a final snapshot on removal', () => {
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: Match.objectLike({ SnapshotRetentionLimit: 7, SnapshotWindow: '03:00-04:00', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00' }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('NET-PRIVATE-SUBNETS: the subnet group holds the private subnets only', () => {
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: vpc.privateSubnets.map((s) => ({ Ref: idOf(stack, s.node.findChild('Subnet')) })),
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheSubnetGroupName: { Ref: idOf(stack, cache.subnetGroup) },
    });
  });

  test('NET-RESTRICTED-INGRESS: port 6380, a security group with no ingress and no egress', () => {
    const sgId = idOf(stack, cache.node.findChild('SecurityGroup'));
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Port: 6380,
      SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('cache port 6380'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('LOG-RETENTION and LOG-ENCRYPTED: slow and engine logs as JSON to encrypted groups kept 30 days', () => {
    const slow = idOf(stack, cache.slowLogGroup);
    const engine = idOf(stack, cache.engineLogGroup);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      LogDeliveryConfigurations: [
        { LogType: 'slow-log', LogFormat: 'json', DestinationType: 'cloudwatch-logs', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: slow } } } },
        { LogType: 'engine-log', LogFormat: 'json', DestinationType: 'cloudwatch-logs', DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: engine } } } },
      ],
    });
    for (const id of [slow, engine]) {
      expect(template.findResources('AWS::Logs::LogGroup')[id].Properties).toEqual({ RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    }
    // CloudWatch Logs may use the key
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]) },
    });
  });

  const metrics: Array<[string, string, number, string]> = [
    ['ALARM-MEMORY', 'DatabaseMemoryUsagePercentage', 85, 'Maximum'],
    ['ALARM-CPU', 'EngineCPUUtilization', 80, 'Maximum'],
    ['evictions', 'Evictions', 0, 'Sum'],
    ['replication lag', 'ReplicationLag', 10, 'Maximum'],
    ['connections', 'CurrConnections', 58500, 'Maximum'],
  ];
  test.each(metrics)('%s: %s alarm above %d on every node, one-minute periods, three of them, with actions (ALARM-ACTIONS)', (_item, metricName, threshold, statistic) => {
    const topicId = only(template, 'AWS::SNS::Topic').id;
    for (const member of ['-001', '-002']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ElastiCache',
        MetricName: metricName,
        Dimensions: [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [{ Ref: rgId }, member]] } }],
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        ActionsEnabled: true,
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
    }
  });

  test('ten alarms: five per node', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    expect(cache.alarms).toHaveLength(10);
  });

  test('ALARM-TOPIC-ENCRYPTED: the alarm topic uses the key, refuses requests without TLS, admits this account\'s alarms', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: Match.arrayWith(['cloudwatch.amazonaws.com']) },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        })]),
      },
    });
  });

  test('the secret shares the key and the alarm topic', () => {
    expect(cache.secret.encryptionKey).toBe(cache.encryptionKey);
    expect(cache.secret.alarmTopic).toBe(cache.alarmTopic);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('DASHBOARD-INFRASTRUCTURE: a dashboard shows engine CPU, memory and connections of every node', () => {
    const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const body = JSON.stringify(Object.values(dashboards)[0]);
    for (const metric of ['EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'CurrConnections']) expect(body).toContain(metric);
    expect(body).toContain('-002'); // the second node too
  });

  test('claims the items it provisions', () => {
    expect(claims(cache).sort()).toEqual([
      'ALARM-ACTIONS', 'ALARM-CPU', 'ALARM-MEMORY', 'ALARM-TOPIC-ENCRYPTED',
      'CACHE-AUTH', 'CACHE-ENCRYPTION-AT-REST', 'CACHE-MULTI-AZ-FAILOVER', 'CACHE-PROVISIONED',
      'CACHE-SNAPSHOT-RETENTION', 'CACHE-TLS-IN-TRANSIT', 'DASHBOARD-INFRASTRUCTURE', 'KMS-KEY-ROTATION', 'LOG-ENCRYPTED', 'LOG-RETENTION',
      'NET-PRIVATE-SUBNETS', 'NET-RESTRICTED-INGRESS',
    ]);
  });
});

describe('ProductionCache options', () => {
  test('connections.allowDefaultPortFrom opens the cache port to that peer only', () => {
    const { stack, vpc, cache } = build();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client, 'the service');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 6380, ToPort: 6380,
      SourceSecurityGroupId: { 'Fn::GetAtt': [idOf(stack, client), 'GroupId'] },
      GroupId: { 'Fn::GetAtt': [idOf(stack, cache.node.findChild('SecurityGroup')), 'GroupId'] },
    });
  });

  test('Redis OSS, another port, more replicas, tightened thresholds', () => {
    const { stack, cache } = build({ engine: CacheEngine.REDIS, port: 7000, replicas: 2, thresholds: { memoryPercent: 70, cpuPercent: 60 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Engine: 'redis', EngineVersion: '7.1', Port: 7000, NumCacheClusters: 3 });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseMemoryUsagePercentage', Threshold: 70 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'EngineCPUUtilization', Threshold: 60 });
    expect(cache.connections.defaultPort?.toString()).toBe('7000');
  });

  test('alarm thresholds as props', () => {
    const { stack } = build({ evictionsThreshold: 100, replicationLagThreshold: Duration.seconds(30), connectionsThreshold: 1000 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Evictions', Threshold: 100 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicationLag', Threshold: 30 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CurrConnections', Threshold: 1000 });
  });

  test('CACHE-AUTH with an AUTH token: a dynamic reference, rotated on the replication group', () => {
    const { stack, cache } = build({ authentication: CacheAuthentication.authToken() });
    const template = Template.fromStack(stack);
    const secretId = idOf(stack, cache.secret.node.findChild('Secret'));
    const rgId = idOf(stack, cache.replicationGroup);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
      UserGroupIds: Match.absent(),
    });
    template.resourceCountIs('AWS::ElastiCache::User', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ CACHE_REPLICATION_GROUP_ID: { Ref: rgId } }) } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'elasticache:ModifyReplicationGroup',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:111111111111:replicationgroup:', { Ref: rgId }]] },
        })]),
      },
    });
  });

  test('RBAC options: user name and access string', () => {
    const { stack } = build({ authentication: CacheAuthentication.rbac({ userName: 'worker', accessString: 'on ~jobs:* +@list +@connection' }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::User', { UserName: 'worker', AccessString: 'on ~jobs:* +@list +@connection' });
  });

  test('an existing key and alarm topic are used', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'MyTopic', { masterKey: key, enforceSSL: true });
    const cache = new ProductionCache(stack, 'Cache', { vpc, encryptionKey: key, alarmTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { KmsKeyId: { 'Fn::GetAtt': [idOf(stack, key), 'Arn'] } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: idOf(stack, topic) }] });
    // the key policy lets CloudWatch Logs encrypt the log groups
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]) },
    });
    expect(claims(cache)).not.toContain('KMS-KEY-ROTATION');
    expect(claims(cache)).not.toContain('ALARM-TOPIC-ENCRYPTED');
  });

  test('parameters go to a parameter group of the engine family', () => {
    const { stack, cache } = build({ parameters: { 'maxmemory-policy': 'allkeys-lru' } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'valkey8', Properties: { 'maxmemory-policy': 'allkeys-lru' } });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheParameterGroupName: { Ref: idOf(stack, cache.parameterGroup) } });
  });

  test('isolated subnets are preferred when the VPC has them', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    new ProductionCache(stack, 'Cache', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: vpc.isolatedSubnets.map((s) => ({ Ref: idOf(stack, s.node.findChild('Subnet')) })),
    });
  });

  test('metrics: namespace, member dimension, one-minute period', () => {
    const { stack, cache } = build();
    const m = cache.metricEngineCpuUtilization({ member: 2 });
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.metricName).toBe('EngineCPUUtilization');
    expect(m.period.toSeconds()).toBe(60);
    expect(stack.resolve(m.dimensions)).toEqual({ CacheClusterId: { 'Fn::Join': ['', [{ Ref: idOf(stack, cache.replicationGroup) }, '-002']] } });
    expect(cache.metricEvictions().statistic).toBe('Sum');
    expect(cache.metricCurrConnections({ statistic: 'Average' }).statistic).toBe('Average');
    expect(() => cache.metricReplicationLag({ member: 3 })).toThrow(/member must be an integer from 1 to 2/);
  });

  test('invalid props are errors', () => {
    expect(() => build({ port: 80 })).toThrow(/port must be an integer from 1150 to 65535/);
    expect(() => build({ replicas: 6 })).toThrow(/replicas must be an integer from 0 to 5/);
    expect(() => build({ engine: CacheEngine.REDIS, engineVersion: '5.0.6' })).toThrow(/predates RBAC/);
    expect(() => build({ engineVersion: 'latest' })).toThrow(/engineVersion must look like/);
    expect(() => build({ authentication: CacheAuthentication.rbac({ accessString: 'off ~*' }) })).toThrow(/must switch the user on/);
    expect(() => build({ authentication: CacheAuthentication.rbac({ userName: 'default' }) })).toThrow(/cannot be named 'default'/);
    expect(() => build({ snapshotRetentionDays: 40 })).toThrow(/snapshotRetentionDays must be an integer from 0 to 35/);
    expect(() => build({ thresholds: { secretLengthChars: 200 } })).toThrow(/at most 128 characters/);
  });

  test('removalPolicy can be changed', () => {
    const { stack } = build({ removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Retain' });
  });
});

describe('ProductionCache weakening props are refused unless acknowledged', () => {
  test('replicas: 0 is refused (CACHE-MULTI-AZ-FAILOVER)', () => {
    const { app } = build({ replicas: 0 });
    expect(() => app.synth()).toThrow(/\[CACHE-MULTI-AZ-FAILOVER\] replicas: no replica/);
  });

  test('replicas: 0, acknowledged: one node, no multi-AZ, no failover', () => {
    const { app, stack, cache } = build({ replicas: 0 });
    Validations.of(cache).acknowledge({ id: 'GoLiveChecks::CACHE-MULTI-AZ-FAILOVER', reason: 'a disposable cache in front of a feature flag service' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NumCacheClusters: 1, MultiAZEnabled: false, AutomaticFailoverEnabled: false });
    expect(claims(cache)).not.toContain('CACHE-MULTI-AZ-FAILOVER');
  });

  test('subnets in one zone are refused (CACHE-MULTI-AZ-FAILOVER)', () => {
    const { app } = build({}, {}, 1);
    expect(() => app.synth()).toThrow(/\[CACHE-MULTI-AZ-FAILOVER\] vpcSubnets: the subnets span 1 availability zone/);
  });

  test('subnets in one zone, acknowledged', () => {
    const { app, cache } = build({}, {}, 1);
    Validations.of(cache).acknowledge({ id: 'GoLiveChecks::CACHE-MULTI-AZ-FAILOVER', reason: 'the region has one zone for this node type' });
    expect(() => app.synth()).not.toThrow();
  });

  test('public subnets are refused (NET-PRIVATE-SUBNETS)', () => {
    const { app } = build({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(() => app.synth()).toThrow(/\[NET-PRIVATE-SUBNETS\] vpcSubnets: the selection includes public subnets/);
  });

  test('public subnets, acknowledged', () => {
    const { app, stack, vpc, cache } = build({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    Validations.of(cache).acknowledge({ id: 'GoLiveChecks::NET-PRIVATE-SUBNETS', reason: 'sandbox account without private subnets' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: vpc.publicSubnets.map((s) => ({ Ref: idOf(stack, s.node.findChild('Subnet')) })),
    });
  });

  test('snapshotRetentionDays below the threshold is refused (CACHE-SNAPSHOT-RETENTION)', () => {
    const { app } = build({ snapshotRetentionDays: 1 });
    expect(() => app.synth()).toThrow(/\[CACHE-SNAPSHOT-RETENTION\] snapshotRetentionDays: 1 days is shorter than the 7 days/);
  });

  test('snapshotRetentionDays below the threshold, acknowledged', () => {
    const { app, stack, cache } = build({ snapshotRetentionDays: 1 });
    Validations.of(cache).acknowledge({ id: 'GoLiveChecks::CACHE-SNAPSHOT-RETENTION', reason: 'the cache is rebuilt from the database in minutes' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 1 });
  });

  test('a tightened cacheSnapshotRetentionDays raises the default and the bar', () => {
    const { stack } = build({}, { 'cdk-golive:thresholds': { cacheSnapshotRetentionDays: 14 } });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 14 });
    const { app } = build({ snapshotRetentionDays: 7 }, { 'cdk-golive:thresholds': { cacheSnapshotRetentionDays: 14 } });
    expect(() => app.synth()).toThrow(/\[CACHE-SNAPSHOT-RETENTION\] snapshotRetentionDays: 7 days is shorter than the 14 days/);
  });

  test('logRetention below the threshold is refused (LOG-RETENTION)', () => {
    const { app } = build({ logRetention: logs.RetentionDays.ONE_WEEK });
    expect(() => app.synth()).toThrow(/\[LOG-RETENTION\] logRetention: 7 days is shorter than the 30 days/);
  });

  test('logRetention below the threshold, acknowledged', () => {
    const { app, stack, cache } = build({ logRetention: logs.RetentionDays.ONE_WEEK });
    Validations.of(cache).acknowledge({ id: 'GoLiveChecks::LOG-RETENTION', reason: 'slow logs are shipped to the SIEM' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('the auth secret\'s thresholds follow the cache\'s', () => {
    const { stack } = build({ thresholds: { secretLengthChars: 64 } });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64 } });
  });
});
