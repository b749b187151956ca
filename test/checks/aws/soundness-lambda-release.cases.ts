/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * DEPLOY-PROGRESSIVE and DEPLOY-HEALTH-HOOKS on a Lambda function read its release as CodeDeploy runs it (found by an
 * audit, 2026-12-05: each case was a PASS): an alias on `$LATEST` is never shifted (CodeDeploy runs when the alias's
 * version changes), and a caller of the function itself, of another qualifier or of an alias CodeDeploy does not
 * release takes each new version at once, whatever the released alias does.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const FN = 'Fn9270CBC0';
const ALIAS = 'Live848578DF';
const RULES = ['DeployProgressive', 'DeployHealthHooks'];

/** `[rule, status, message]` of both rules on the function of the patched lambda-service base. */
function judged(patch: PatchOp[]): Array<[string, string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get('lambda-service'), patch), 'lambda-service', { region: 'eu-west-1' });
  return report.findings.filter((f) => RULES.includes(f.ruleId) && f.resource === FN).map((f) => [f.ruleId, f.status, f.message]);
}
const statuses = (patch: PatchOp[]) => judged(patch).map(([, s]) => s);
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const resource = (id: string, value: any) => set(['Resources', id], value);
const apiOn = (uri: any) => [
  resource('Api', { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api', ProtocolType: 'HTTP' } }),
  resource('Integration', { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Api' }, IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: uri } }),
];

test('the base passes both', () => {
  expect(statuses([])).toEqual(['pass', 'pass']);
});

test('an alias on $LATEST is never shifted by CodeDeploy: both fail; a version decided at deploy time is unknown', () => {
  const latest = judged([set(['Resources', ALIAS, 'Properties', 'FunctionVersion'], '$LATEST')]);
  expect(latest).toEqual(RULES.map((r) => [r, 'fail', expect.stringMatching(/alias Live848578DF points at \$LATEST: CodeDeploy runs when an alias's version changes/)]));
  const open = [set(['Parameters', 'Version'], { Type: 'String' }), set(['Resources', ALIAS, 'Properties', 'FunctionVersion'], { Ref: 'Version' })];
  expect(judged(open)).toEqual(RULES.map((r) => [r, 'unknown', expect.stringMatching(/Version/)]));
});

test('an API integration on the function itself bypasses the alias: both fail; one on the alias passes', () => {
  expect(judged(apiOn({ 'Fn::GetAtt': [FN, 'Arn'] }))).toEqual(RULES.map((r) => [r, 'fail', expect.stringMatching(/Integration \(the function itself, \$LATEST\) invokes the function outside the alias CodeDeploy releases \(Live848578DF\)/)]));
  expect(statuses(apiOn({ Ref: ALIAS }))).toEqual(['pass', 'pass']);
  expect(statuses(apiOn({ 'Fn::Sub': '${' + FN + '.Arn}:live' }))).toEqual(['pass', 'pass']);
});

test('a function URL on a second alias without CodeDeploy bypasses the released one: both fail', () => {
  const direct = [
    resource('Direct', { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: FN }, FunctionVersion: { 'Fn::GetAtt': ['FnCurrentVersion17A89ABBa8924ed69a7a15aecdc1da9c03a6125f', 'Version'] }, Name: 'direct' } }),
    resource('DirectUrl', { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { Ref: 'Direct' } } }),
  ];
  expect(judged(direct)).toEqual(RULES.map((r) => [r, 'fail', expect.stringMatching(/DirectUrl \(qualifier direct\) invokes the function outside/)]));
});

test('an event source mapping whose qualifier is decided at deploy time may bypass the alias: unknown', () => {
  const mapping = [
    set(['Parameters', 'Qualifier'], { Type: 'String' }),
    resource('Queue', { Type: 'AWS::SQS::Queue' }),
    resource('Mapping', { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: { 'Fn::Sub': '${' + FN + '.Arn}:${Qualifier}' } } }),
  ];
  expect(judged(mapping)).toEqual(RULES.map((r) => [r, 'unknown', expect.stringMatching(/Mapping \(naming the function\) may invoke the function outside the alias CodeDeploy releases/)]));
});

test('a log subscription on the function\'s own log group does not invoke it', () => {
  const logs = [resource('Ship', { Type: 'AWS::Logs::SubscriptionFilter', Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: FN }]] }, FilterPattern: '', DestinationArn: 'arn:aws:logs:eu-west-1:111111111111:destination:central' } })];
  expect(statuses(logs)).toEqual(['pass', 'pass']);
});
