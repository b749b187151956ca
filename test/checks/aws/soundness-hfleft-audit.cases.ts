/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts left by earlier fixers (hfleft, 2026-12-05; each case below was a PASS, or an unknown from a world
 * no deployment can take): an ECS container whose Docker security options turn its confinement off, a Lambda
 * function capped at one concurrent execution, an ECS daemon service's deployments, a Lambda system log level
 * DEBUG, `${...}` that CloudFormation leaves as written (an Fn::Join piece, `${!X}` in Fn::Sub) read as a pseudo
 * parameter or a resource, an intrinsic function written inside policy text read as a reference, and a condition
 * that is one Fn::And over open comparisons chosen against the conditions over the same comparisons.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, R, applyPatch, compliantBases, set } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[status, message]` of a rule on a resource of a patched base (or of a whole template). */
function judged(base: string | any, patch: PatchOp[], rule: string, resource: string, env: { region?: string } = { region: 'eu-west-1' }): Array<[string, string]> {
  const tpl = typeof base === 'string' ? applyPatch(bases.get(base), patch) : base;
  const report = checks.checkTemplate(tpl, 'probe', env);
  return report.findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);
}

describe('EcsContainerNotPrivileged: DockerSecurityOptions', () => {
  const opts = (v: any) => [set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'DockerSecurityOptions'), v)];
  const web = (patch: PatchOp[]) => judged('ecs-service', patch, 'EcsContainerNotPrivileged', 'Task').filter(([, m]) => /container web\b/.test(m));

  test('apparmor/seccomp unconfined and label:disable fail', () => {
    for (const o of ['apparmor:unconfined', 'seccomp:unconfined', 'SECCOMP=unconfined', 'label:disable', 'label:type:spc_t']) {
      expect(web(opts([o]))).toEqual([['fail', expect.stringMatching(new RegExp(`container web runs with ${o.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Docker's default AppArmor/seccomp/SELinux confinement is off`, 'i'))]]);
    }
  });

  test('no-new-privileges and a named profile pass; an option decided at deploy time is unknown', () => {
    expect(web(opts(['no-new-privileges', 'apparmor:my-profile']))).toEqual([['pass', expect.stringMatching(/not privileged/)]]);
    const open = [set(['Parameters', 'Opt'], { Type: 'String' }), ...opts([{ Ref: 'Opt' }])];
    const v = judged('ecs-service', open, 'EcsContainerNotPrivileged', 'Task');
    expect(v).toContainEqual(['unknown', expect.stringMatching(/parameter Opt/)]);
    expect(v.map(([s]) => s)).not.toContain('pass');
  });
});

describe('ScalingAutoscaling: reserved concurrency', () => {
  const FN = 'Fn9270CBC0';
  const rc = (v: any) => judged('lambda-service', [set(R(FN, 'Properties', 'ReservedConcurrentExecutions'), v)], 'ScalingAutoscaling', FN);
  test('1 runs one invocation at a time: fail; 5 passes naming the cap', () => {
    expect(rc(1)).toEqual([['fail', expect.stringMatching(/reserved concurrency 1 caps the function at one invocation at a time/)]]);
    expect(rc('1')).toEqual([['fail', expect.stringMatching(/reserved concurrency 1 caps/)]]);
    expect(rc(5)).toEqual([['pass', expect.stringMatching(/up to 5 concurrent executions/)]]);
  });
});

describe('DeployZeroDowntime: a daemon service', () => {
  test('DAEMON replaces each instance\'s task in place (MinimumHealthyPercent 0 % by default): fail', () => {
    const daemon = [set(R('Service', 'Properties', 'SchedulingStrategy'), 'DAEMON'), { op: 'delete', path: R('Service', 'Properties', 'DesiredCount') } as PatchOp];
    expect(judged('ecs-service', daemon, 'DeployZeroDowntime', 'Service')).toEqual([['fail', expect.stringMatching(/daemon service: ECS stops each container instance's task before starting its replacement/)]]);
    const noConfig = [...daemon, { op: 'delete', path: R('Service', 'Properties', 'DeploymentConfiguration') } as PatchOp];
    expect(judged('ecs-service', noConfig, 'DeployZeroDowntime', 'Service')).toEqual([['fail', expect.stringMatching(/MinimumHealthyPercent not set: 0 % for a daemon service/)]]);
  });
});

describe('ConfigLogLevel: Lambda system log level', () => {
  const FN = 'Fn9270CBC0';
  test('SystemLogLevel DEBUG fails; one decided at deploy time is unknown', () => {
    expect(judged('lambda-service', [set(R(FN, 'Properties', 'LoggingConfig', 'SystemLogLevel'), 'DEBUG')], 'ConfigLogLevel', FN))
      .toEqual([['fail', expect.stringMatching(/verbose system log level in production \(LoggingConfig.SystemLogLevel=DEBUG\)/)]]);
    const open = [set(['Parameters', 'Sys'], { Type: 'String' }), set(R(FN, 'Properties', 'LoggingConfig', 'SystemLogLevel'), { Ref: 'Sys' })];
    expect(judged('lambda-service', open, 'ConfigLogLevel', FN)).toEqual([['unknown', expect.stringMatching(/log level decided at deploy time .*SystemLogLevel/)]]);
  });
});

describe('${...} CloudFormation leaves as written, in a TLS deny', () => {
  const topicDeny = (resource: any) => [set(R('AlarmTopicPolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'), resource)];
  const topic = (resource: any, env?: { region?: string }) => judged('ecs-service', topicDeny(resource), 'AlarmTopicEncrypted', 'AlarmTopic', env ?? {});
  const name = { 'Fn::GetAtt': ['AlarmTopic', 'TopicName'] };

  test('an Fn::Join piece "${AWS::Region}" is that text, not the region: no deny (with or without the stack\'s region)', () => {
    const joined = { 'Fn::Join': ['', ['arn:aws:sns:${AWS::Region}:${AWS::AccountId}:', name]] };
    expect(topic(joined)).toEqual([['fail', expect.stringMatching(/no topic policy denies publishing without TLS/)]]);
    expect(topic(joined, { region: 'eu-west-1' })).toEqual([['fail', expect.stringMatching(/no topic policy denies publishing without TLS/)]]);
    const pseudo = { 'Fn::Join': ['', ['arn:aws:sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', name]] };
    expect(topic(pseudo)).toEqual([['pass', expect.stringMatching(/AlarmTopicPolicy denies non-TLS requests/)]]);
  });

  test('${!AWS::Region} in Fn::Sub is that text: no deny; ${AWS::Region} is the region: pass', () => {
    expect(topic({ 'Fn::Sub': 'arn:aws:sns:${!AWS::Region}:${AWS::AccountId}:${AlarmTopic.TopicName}' })).toEqual([['fail', expect.stringMatching(/no topic policy denies publishing without TLS/)]]);
    expect(topic({ 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:${AlarmTopic.TopicName}' })).toEqual([['pass', expect.stringMatching(/denies non-TLS/)]]);
  });

  test('${!Bucket} in Fn::Sub text built around a parameter names no bucket: fail, not unknown', () => {
    const patch = [
      set(['Parameters', 'Env'], { Type: 'String' }),
      set(R('LogArchive', 'Properties', 'BucketName'), { 'Fn::Sub': '${Env}-archive' }),
      set(R('LogArchivePolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'), [{ 'Fn::Sub': 'arn:aws:s3:::${!LogArchive}${Env}' }, { 'Fn::Sub': 'arn:aws:s3:::${!LogArchive}/*${Env}' }]),
    ];
    const v = judged('ecs-service', patch, 'S3BucketTlsOnly', 'LogArchive');
    expect(v).toEqual([['fail', expect.stringMatching(/covers neither the bucket nor its objects/)]]);
  });
});

describe('a policy document given as JSON text', () => {
  test('{"Fn::GetAtt": ...} written inside the text is no reference: not a pass', () => {
    const doc = applyPatch(bases.get('ecs-service'), []).Resources.LogArchivePolicy.Properties.PolicyDocument;
    const text = JSON.stringify({ ...doc, Statement: [{ ...doc.Statement[0], Resource: [{ 'Fn::GetAtt': ['LogArchive', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['LogArchive', 'Arn'] }, '/*']] }] }] });
    const v = judged('ecs-service', [set(R('LogArchivePolicy', 'Properties', 'PolicyDocument'), text)], 'S3BucketTlsOnly', 'LogArchive')
      .concat(judged('ecs-service', [set(R('LogArchivePolicy', 'Properties', 'PolicyDocument'), text)], 'S3BucketTlsOnly', 'LogArchivePolicy'));
    expect(v).toEqual([['unknown', expect.stringMatching(/Fn::GetAtt written inside a document given as text: CloudFormation does not evaluate it there/)]]);
  });
});

describe('a condition that is one Fn::And over open comparisons', () => {
  test('chosen true, it settles each comparison: IsProd beside it is computed, not chosen against it', () => {
    const tpl = {
      Parameters: { Env: { Type: 'String' }, Zone: { Type: 'String', Default: '' } },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        IsProdAndHasZone: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Zone' }, ''] }] }] },
      },
      Resources: {
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Properties: {
            Engine: 'postgres', DBInstanceClass: 'db.t3.medium', AllocatedStorage: '20', StorageEncrypted: true, MultiAZ: true, BackupRetentionPeriod: 30,
            DeletionProtection: { 'Fn::If': ['IsProdAndHasZone', { 'Fn::If': ['IsProd', true, false] }, true] },
          },
        },
      },
    };
    expect(judged(tpl, [], 'RdsDeletionProtection', 'Db')).toEqual([['pass', expect.stringMatching(/deletion protection/i)]]);
  });
});
