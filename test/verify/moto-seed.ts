/* eslint-disable @typescript-eslint/no-require-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Seeds moto with a deployed "shop" stack and its live state, through the SDK:
 * a CloudFormation stack of the types moto's CloudFormation models (VPC, load
 * balancer, target group, HTTPS listener, Route 53 zone and record, log group,
 * Lambda function, RDS instance, CloudWatch alarms and a Secrets Manager secret), then metrics, the alarms'
 * SNS topics, alarm states, a certificate, a rotation, log events and targets.
 */
export const STACK = 'GoLiveShop';

export interface Seeded {
  readonly certificateArn: string;
  readonly functionName: string;
  readonly dbId: string;
}

const opened: any[] = [];
const client = (pkg: string, name: string) => {
  const c = new (require(pkg)[name])({ maxAttempts: 1 });
  opened.push(c);
  return c;
};
const cmd = (pkg: string, name: string, input: any) => new (require(pkg)[`${name}Command`])(input);

export async function seed(now: Date): Promise<Seeded> {
  const acm = client('@aws-sdk/client-acm', 'ACMClient');
  const cfn = client('@aws-sdk/client-cloudformation', 'CloudFormationClient');
  const cw = client('@aws-sdk/client-cloudwatch', 'CloudWatchClient');
  const logs = client('@aws-sdk/client-cloudwatch-logs', 'CloudWatchLogsClient');
  const elb = client('@aws-sdk/client-elastic-load-balancing-v2', 'ElasticLoadBalancingV2Client');
  const sm = client('@aws-sdk/client-secrets-manager', 'SecretsManagerClient');

  // The database's parameter group (moto's CloudFormation returns the group object for a Ref to one).
  const rds = client('@aws-sdk/client-rds', 'RDSClient');
  await rds.send(cmd('@aws-sdk/client-rds', 'CreateDBParameterGroup', { DBParameterGroupName: 'shop-params', DBParameterGroupFamily: 'postgres16', Description: 'shop' }));
  await rds.send(cmd('@aws-sdk/client-rds', 'ModifyDBParameterGroup', { DBParameterGroupName: 'shop-params', Parameters: [{ ParameterName: 'max_connections', ParameterValue: '200', ApplyMethod: 'pending-reboot' }] }));
  const cert = await acm.send(cmd('@aws-sdk/client-acm', 'RequestCertificate', { DomainName: 'www.shop.example.com', ValidationMethod: 'DNS' }));
  const template = {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      SubnetA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-1a' } },
      SubnetB: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1b' } },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'shop', Scheme: 'internet-facing', Type: 'application', Subnets: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }] }, Metadata: { 'aws:cdk:path': 'GoLiveShop/Endpoint/Lb/Resource' } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Name: 'shop-tg', Port: 8080, Protocol: 'HTTP', TargetType: 'ip', VpcId: { Ref: 'Vpc' } } },
      Https: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: cert.CertificateArn }], DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] },
      },
      Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'shop.example.com' } },
      Www: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneId: { Ref: 'Zone' }, Name: 'www.shop.example.com', Type: 'CNAME', TTL: '60', ResourceRecords: [{ 'Fn::GetAtt': ['Lb', 'DNSName'] }] } },
      Stale: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneId: { Ref: 'Zone' }, Name: 'old.shop.example.com', Type: 'CNAME', TTL: '60', ResourceRecords: ['legacy.example.net'] } },
      AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/golive/shop' } },
      QuietLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/golive/worker' } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      Api: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'shop-api', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => ({})' }, LoggingConfig: { LogGroup: { Ref: 'AppLogs' } } } },
      Worker: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'shop-worker', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => ({})' }, LoggingConfig: { LogGroup: { Ref: 'QuietLogs' } } } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'shop-db', DBInstanceClass: 'db.t3.micro', Engine: 'postgres', AllocatedStorage: '20', MasterUsername: 'shop', MasterUserPassword: 'not-a-real-password-1', DBParameterGroupName: 'shop-params' } },
      Errors: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'shop-errors', Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:oncall'] } },
      Unheard: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'shop-unheard', Namespace: 'Shop', MetricName: 'Orders', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'LessThanThreshold', AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:nobody'] } },
      Silent: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'shop-silent', Namespace: 'Shop', MetricName: 'Nothing', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', ActionsEnabled: false } },
      DbSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'shop/db', SecretString: '{"password":"x"}' } },
    },
  };
  await cfn.send(cmd('@aws-sdk/client-cloudformation', 'CreateStack', { StackName: STACK, TemplateBody: JSON.stringify(template) }));

  // Targets: two registered (moto reports them healthy; it models no unhealthy target).
  const tg = (await elb.send(cmd('@aws-sdk/client-elastic-load-balancing-v2', 'DescribeTargetGroups', { Names: ['shop-tg'] }))).TargetGroups[0];
  await elb.send(cmd('@aws-sdk/client-elastic-load-balancing-v2', 'RegisterTargets', { TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '10.0.0.10', Port: 8080 }, { Id: '10.0.1.10', Port: 8080 }] }));
  const lb = (await elb.send(cmd('@aws-sdk/client-elastic-load-balancing-v2', 'DescribeLoadBalancers', { Names: ['shop'] }))).LoadBalancers[0];
  const lbDim = String(lb.LoadBalancerArn).split(':loadbalancer/')[1];

  // Metrics over the last hour: the load balancer serves 4000 requests with 12 5xx (0.3 %); the API function
  // 1000 invocations with 30 errors (3 %, over the 1 % target); the worker is idle. The database peaks at 41 %
  // CPU, 120 of 200 connections, 6 GiB free of 20; nothing publishes percentiles (moto computes none).
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const data = (ns: string, dims: Record<string, string>, points: Array<[string, number, number]>) => cw.send(cmd('@aws-sdk/client-cloudwatch', 'PutMetricData', {
    Namespace: ns,
    MetricData: points.map(([MetricName, Value, minutesAgo]) => ({ MetricName, Value, Timestamp: at(minutesAgo), Dimensions: Object.entries(dims).map(([Name, V]) => ({ Name, Value: V })) })),
  }));
  await data('AWS/ApplicationELB', { LoadBalancer: lbDim }, [['RequestCount', 1500, 40], ['RequestCount', 2500, 10], ['HTTPCode_Target_5XX_Count', 8, 40], ['HTTPCode_ELB_5XX_Count', 4, 10]]);
  await data('AWS/Lambda', { FunctionName: 'shop-api' }, [['Invocations', 1000, 20], ['Errors', 30, 20]]);
  await data('AWS/RDS', { DBInstanceIdentifier: 'shop-db' }, [['CPUUtilization', 35, 30], ['CPUUtilization', 41, 12], ['DatabaseConnections', 120, 12], ['FreeableMemory', 0.5 * 1024 ** 3, 12], ['FreeStorageSpace', 6 * 1024 ** 3, 12]]);

  // The alarms' topics: oncall has a subscriber (moto confirms every subscription at once); nobody has none.
  const sns = client('@aws-sdk/client-sns', 'SNSClient');
  const oncall = await sns.send(cmd('@aws-sdk/client-sns', 'CreateTopic', { Name: 'oncall' }));
  await sns.send(cmd('@aws-sdk/client-sns', 'Subscribe', { TopicArn: oncall.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
  await sns.send(cmd('@aws-sdk/client-sns', 'CreateTopic', { Name: 'nobody' }));

  // Alarm states: shop-errors fired; shop-silent keeps the INSUFFICIENT_DATA it was created with.
  await cw.send(cmd('@aws-sdk/client-cloudwatch', 'SetAlarmState', { AlarmName: 'shop-errors', StateValue: 'ALARM', StateReason: 'Threshold crossed: 12 > 10' }));

  // Log events reach the API's group; the worker's group stays empty.
  await logs.send(cmd('@aws-sdk/client-cloudwatch-logs', 'CreateLogStream', { logGroupName: '/golive/shop', logStreamName: 'api' }));
  await logs.send(cmd('@aws-sdk/client-cloudwatch-logs', 'PutLogEvents', { logGroupName: '/golive/shop', logStreamName: 'api', logEvents: [{ timestamp: at(5).getTime(), message: '{"level":"info","msg":"GET /health 200"}' }] }));

  // The secret's rotation: enabled and run once (no rotation function: moto completes it at once).
  await sm.send(cmd('@aws-sdk/client-secrets-manager', 'RotateSecret', { SecretId: 'shop/db', RotationRules: { AutomaticallyAfterDays: 30 } }));

  for (const c of opened.splice(0)) c.destroy();
  return { certificateArn: cert.CertificateArn, functionName: 'shop-api', dbId: 'shop-db' };
}
