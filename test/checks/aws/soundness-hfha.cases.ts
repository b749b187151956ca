/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Leads of the network/IAM hunt (hfnet) made right (hfha):
 * - HA-MULTI-AZ ignored how many copies run: an Auto Scaling group of one instance, or an ECS service of one task, in
 *   subnets of two zones passed; one copy runs in one zone, so the service stops with it.
 * - IAM-LEAST-PRIVILEGE read no IAM Identity Center permission set: AdministratorAccess or an inline Allow of "*"
 *   provisioned to every assigned account passed unseen.
 * - NET-FLOW-LOGS failed a VPC whose flow log another stack of the run creates by importing the VPC's export.
 */
import { TemplateInput } from '../../../lib/checks/engine';
import { PatchOp } from './fixtures';
import { checkPatched, checks, judged, judgedOn, statuses } from './judged';

const msg = (fs: Array<[string, string, string]>) => fs.map(([, , m]) => m).join('\n');
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });

// ---------------------------------------------------------------- HA-MULTI-AZ: how many copies run

const subnet = (az: number) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: `10.0.${az}.0/24`, AvailabilityZone: { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] } } });

describe('MultiAz: an Auto Scaling group must run as many instances as zones', () => {
  const base = (asg: Record<string, any>, extra: Record<string, any> = {}) => ({
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    A: subnet(0),
    B: subnet(1),
    Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-12345678', InstanceType: 't3.micro' } },
    Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchConfigurationName: { Ref: 'Lc' }, MaxSize: '4', VPCZoneIdentifier: [{ Ref: 'A' }, { Ref: 'B' }], ...asg } },
    ...extra,
  });
  const onAsg = (resources: Record<string, any>, params: Record<string, any> = {}) => judged('MultiAz', resources, { Parameters: params }).filter(([r]) => r === 'Asg');

  test('MinSize 1 in subnets of two zones: fail naming the count (before: pass "spans 2 availability zones")', () => {
    const f = onAsg(base({ MinSize: '1' }));
    expect(statuses(f)).toEqual(['fail']);
    expect(msg(f)).toMatch(/the group may run 1 instance\(s\) \(MinSize.*1 instance\(s\) cannot run in 2 availability zones/);
  });

  test('MaxSize 1, or DesiredCapacity 1: fail', () => {
    expect(msg(onAsg(base({ MinSize: '1', MaxSize: '1' })))).toMatch(/runs at most 1 instance\(s\) \(MaxSize\)/);
    const desired = onAsg(base({ MinSize: '1', DesiredCapacity: 1 }));
    expect(statuses(desired)).toEqual(['fail']);
    expect(msg(desired)).toMatch(/runs 1 instance\(s\) \(DesiredCapacity/);
  });

  test('DesiredCapacity 3 above MinSize 1: passes while nothing scales it; a scaling policy may scale in to MinSize: fail', () => {
    expect(statuses(onAsg(base({ MinSize: '1', DesiredCapacity: '3' })))).toEqual(['pass']);
    const policy = { P: { Type: 'AWS::AutoScaling::ScalingPolicy', Properties: { AutoScalingGroupName: { Ref: 'Asg' }, PolicyType: 'TargetTrackingScaling', TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 50 } } } };
    const f = onAsg(base({ MinSize: '1', DesiredCapacity: '3' }, policy));
    expect(statuses(f)).toEqual(['fail']);
    expect(msg(f)).toMatch(/MinSize/);
  });

  test('a scheduled action that sets one instance: fail naming it', () => {
    const night = { Night: { Type: 'AWS::AutoScaling::ScheduledAction', Properties: { AutoScalingGroupName: { Ref: 'Asg' }, Recurrence: '0 20 * * *', DesiredCapacity: 1, MinSize: 1 } } };
    const f = onAsg(base({ MinSize: '2' }, night));
    expect(statuses(f)).toEqual(['fail']);
    expect(msg(f)).toMatch(/scheduled action Night sets MinSize 1/);
  });

  test('MinSize from a parameter: unknown; still passing: MinSize 2', () => {
    const f = onAsg(base({ MinSize: { Ref: 'Min' } }), { Min: { Type: 'Number', Default: 2 } });
    expect(statuses(f)).toEqual(['unknown']);
    expect(msg(f)).toMatch(/how many instances run is decided at deploy time/);
    expect(statuses(onAsg(base({ MinSize: '2' })))).toEqual(['pass']);
  });

  test('a count that fails decides even where the zones cannot be read (subnets from a parameter)', () => {
    const f = onAsg(base({ MinSize: '1', VPCZoneIdentifier: { Ref: 'Subnets' } }), { Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' } });
    expect(statuses(f)).toEqual(['fail']);
  });
});

describe('MultiAz: an ECS service must run as many tasks as zones (counted as SCALING-MIN-CAPACITY counts them)', () => {
  const notScaled: PatchOp[] = [del(['Resources', 'ServiceTaskCountTarget']), del(['Resources', 'ServiceTaskCountTargetCpu'])];
  const onService = (patch: PatchOp[], rule = 'MultiAz') => judgedOn('ecs-service', patch, rule, 'Service');

  test('the compliant base passes both items', () => {
    expect(onService([]).map(([s]) => s)).toEqual(['pass']);
    expect(onService([], 'ScalingMinCapacity').map(([s]) => s)).toEqual(['pass']);
  });

  test('a Fargate service of one task in subnets of two zones: fail, item violated (before: pass, item satisfied)', () => {
    const patch = [...notScaled, set(['Resources', 'Service', 'Properties', 'DesiredCount'], 1)];
    expect(onService(patch)).toEqual([['fail', expect.stringMatching(/the service runs 1 task\(s\) \(DesiredCount\) and is not autoscaled: 1 task\(s\) cannot run in 2 availability zones/)]]);
    expect(checkPatched('ecs-service', patch).statusOf('HA-MULTI-AZ')).toBe('violated');
    expect(onService(patch, 'ScalingMinCapacity').map(([s]) => s)).toEqual(['fail']);
  });

  test('DesiredCount absent (1): fail', () => {
    expect(onService([...notScaled, del(['Resources', 'Service', 'Properties', 'DesiredCount'])])).toEqual([['fail', expect.stringMatching(/DesiredCount absent: 1/)]]);
  });

  test('autoscaling that may bring the service to 1 (MinCapacity 1): fail, whatever DesiredCount', () => {
    expect(onService([set(['Resources', 'ServiceTaskCountTarget', 'Properties', 'MinCapacity'], 1)])).toEqual([['fail', expect.stringMatching(/may scale in to 1 task\(s\) \(ServiceTaskCountTarget.MinCapacity\)/)]]);
  });

  test('MinCapacity from a parameter: unknown (before: pass)', () => {
    const patch = [set(['Parameters', 'MinTasks'], { Type: 'Number', Default: 3 }), set(['Resources', 'ServiceTaskCountTarget', 'Properties', 'MinCapacity'], { Ref: 'MinTasks' })];
    expect(onService(patch)).toEqual([['unknown', expect.stringMatching(/how many tasks run is decided at deploy time/)]]);
  });

  test('still passing: two tasks (HA-MULTI-AZ asks for as many as zones; SCALING-MIN-CAPACITY for minReplicas, 3)', () => {
    const patch = [...notScaled, set(['Resources', 'Service', 'Properties', 'DesiredCount'], 2)];
    expect(onService(patch).map(([s]) => s)).toEqual(['pass']);
    expect(onService(patch, 'ScalingMinCapacity').map(([s]) => s)).toEqual(['fail']);
  });
});

// ---------------------------------------------------------------- IAM-LEAST-PRIVILEGE: IAM Identity Center permission sets

describe('IamNoWildcardPermissions reads IAM Identity Center permission sets', () => {
  const ps = (props: Record<string, any>) => ({ Ps: { Type: 'AWS::SSO::PermissionSet', Properties: { InstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef', Name: 'ops', ...props } } });
  const doc = (action: any) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

  test('ManagedPolicies AdministratorAccess: fail, item violated (before: no finding, item satisfied)', () => {
    const resources = ps({ ManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    const f = judged('IamNoWildcardPermissions', resources);
    expect(statuses(f)).toEqual(['fail']);
    expect(msg(f)).toMatch(/AWS managed policy AdministratorAccess grants administrator-level access/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('IAM-LEAST-PRIVILEGE')).toBe('violated');
  });

  test('an InlinePolicy allowing "*" (object or JSON text) or s3:*: fail', () => {
    const star = judged('IamNoWildcardPermissions', ps({ InlinePolicy: doc('*') }));
    expect(statuses(star)).toEqual(['fail']);
    expect(msg(star)).toMatch(/allows every action \("\*"\)/);
    expect(statuses(judged('IamNoWildcardPermissions', ps({ InlinePolicy: JSON.stringify(doc('*')) })))).toEqual(['fail']);
    expect(msg(judged('IamNoWildcardPermissions', ps({ InlinePolicy: doc(['s3:*']) })))).toMatch(/allows every action of a service \(s3:\*\)/);
  });

  test('a customer managed policy reference (a policy each account holds): unknown', () => {
    const f = judged('IamNoWildcardPermissions', ps({ CustomerManagedPolicyReferences: [{ Name: 'ops-extra', Path: '/team/' }] }));
    expect(statuses(f)).toEqual(['unknown']);
    expect(msg(f)).toMatch(/customer managed policy \/team\/ops-extra is each assigned account's own policy/);
  });

  test('still passing: a scoped inline policy and an AWS managed policy that names its actions', () => {
    const f = judged('IamNoWildcardPermissions', ps({ InlinePolicy: doc(['logs:GetLogEvents', 'logs:FilterLogEvents']), ManagedPolicies: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] }));
    expect(statuses(f)).toEqual(['pass']);
  });
});

// ---------------------------------------------------------------- NET-FLOW-LOGS: a flow log of another stack of the run

describe('VpcFlowLogs: a flow log another stack of the run creates for the VPC', () => {
  const network = (exportName: any = 'network-VPC') => ({
    Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } },
    Outputs: { VpcId: { Value: { Ref: 'Vpc' }, Export: { Name: exportName } } },
  });
  const flowLog = (resourceId: any, params: Record<string, any> = {}) => ({
    Parameters: params,
    Resources: {
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: resourceId, ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: { Ref: 'Group' }, DeliverLogsPermissionArn: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    },
  });
  const run = (templates: any[]) => {
    const inputs: TemplateInput[] = templates.map((template, i) => ({ file: `s${i}.template.json`, stack: i === 0 ? 'network' : `logs${i}`, template, region: 'eu-west-1' }));
    return checks._evaluateLoaded({ templates: inputs, manifests: [], acks: [], lines: {} })
      .findings.filter((f) => f.ruleId === 'VpcFlowLogs' && f.resource === 'Vpc').map((f) => [f.status, f.message]);
  };

  test('imported by its export name: pass, naming the other stack\'s flow log (before: fail "the VPC has no flow log")', () => {
    expect(run([network(), flowLog({ 'Fn::ImportValue': 'network-VPC' })])).toEqual([['pass', expect.stringMatching(/flow log FlowLog of stack logs1 records ALL traffic/)]]);
  });

  test('imported by a name built from a parameter (not resolved): unknown, naming the flow log', () => {
    const f = run([network({ 'Fn::Sub': '${AWS::StackName}-VPC' }), flowLog({ 'Fn::ImportValue': { 'Fn::Sub': '${ParentVPCStack}-VPC' } }, { ParentVPCStack: { Type: 'String' } })]);
    expect(f).toEqual([['unknown', expect.stringMatching(/the VPC is exported .* flow log FlowLog of stack logs1 records a resource decided at deploy time/)]]);
  });

  test('an import of an export no template of the run holds may be this VPC (re-exported elsewhere): unknown', () => {
    expect(run([network(), flowLog({ 'Fn::ImportValue': 'other-VPC' })]).map(([s]) => s)).toEqual(['unknown']);
  });

  test('still failing: the VPC alone, a flow log of another VPC of the run, and a VPC that is not exported beside an unresolved flow log', () => {
    expect(run([network()]).map(([s]) => s)).toEqual(['fail']);
    const other = { Resources: { Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } } }, Outputs: { Id: { Value: { Ref: 'Other' }, Export: { Name: 'other-VPC' } } } };
    expect(run([network(), flowLog({ 'Fn::ImportValue': 'other-VPC' }), other]).map(([s]) => s)).toEqual(['fail']);
    const notExported = { Resources: network().Resources };
    expect(run([notExported, flowLog({ 'Fn::ImportValue': { 'Fn::Sub': '${ParentVPCStack}-VPC' } }, { ParentVPCStack: { Type: 'String' } })]).map(([s]) => s)).toEqual(['fail']);
  });

  test('an imported flow log of ACCEPT traffic only: fail, naming it', () => {
    const accept = flowLog({ 'Fn::ImportValue': 'network-VPC' });
    accept.Resources.FlowLog.Properties.TrafficType = 'ACCEPT';
    expect(run([network(), accept])).toEqual([['fail', expect.stringMatching(/FlowLog of stack logs1/)]]);
  });
});
