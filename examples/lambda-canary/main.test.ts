import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { ChecklistReport, ItemStatus } from '../../lib';
import { buildApp } from './main';

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

describe('examples/lambda-canary', () => {
  // One synth, as `cdk synth` runs it: the GoLiveChecks plugin judges the template.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-lambda-canary-'));
  const { app, stack, checks } = buildApp({ outdir }, { printSummary: false });
  // Quiet the CDK's own CloudFormation-Validate warnings (hard-coded zones, written down on purpose).
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    quiet.mockRestore();
  }
  const report = checks.lastReport as ChecklistReport;
  const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${stack.artifactId}.template.json`), 'utf8')));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes with GoLiveChecks: no violation, nothing unknown', () => {
    expect(report.violations()).toEqual([]);
    expect(report.unknowns()).toEqual([]);
    expect(report.exitCode()).toBe(0);
    expect(report.items.filter((i) => i.status === ItemStatus.VIOLATED)).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'golive-report.md'))).toBe(true);
  });

  test('README.md states the count of satisfied items this synth reports', () => {
    const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    expect(Number(/The synth ends with (\d+) items satisfied/.exec(readme)?.[1])).toBe(report.counts().total.satisfied);
  });

  test('the release items are satisfied', () => {
    for (const id of ['DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-HEALTH-HOOKS', 'EDGE-HTTPS-REDIRECT', 'WAF-WEB-ACL', 'ALARM-ERROR-RATE', 'LOG-RETENTION', 'SECRETS-NO-PLAINTEXT', 'CONFIG-DEBUG-OFF']) {
      expect([id, report.statusOf(id)]).toEqual([id, ItemStatus.SATISFIED]);
    }
  });

  test('CodeDeploy shifts the live alias by canary (10 % for 5 minutes) and rolls back on alarm', () => {
    const fn = logicalId(stack.api.lambdaFunction!);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionName: { Ref: fn } });
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: { BeforeAllowTrafficHook: Match.anyValue(), AfterAllowTrafficHook: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']) },
      AlarmConfiguration: { Enabled: true, Alarms: Match.anyValue() },
    });
    const group = Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup'))[0];
    // The new version's error rate, p95 and p99 latency stop and roll back the release.
    expect(group.Properties.AlarmConfiguration.Alarms).toHaveLength(3);
    // The load balancer sends traffic to the alias, never to $LATEST.
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'lambda',
      Targets: [{ Id: { Ref: logicalId(stack.api.alias!) } }],
    });
  });

  test('the function is traced, logs JSON to an encrypted group, and gets its secret by ARN', () => {
    const fn = template.toJSON().Resources[logicalId(stack.api.lambdaFunction!)].Properties;
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: { Ref: logicalId(stack.api.logGroup) } });
    expect(fn.Environment.Variables).toMatchObject({ ENVIRONMENT: 'production', DEBUG: 'false', ACCESS_TOKEN_EXPIRE_MINUTES: '15', JWT_SIGNING_KEY_SECRET_ARN: { Ref: logicalId(stack.api.secrets.JWT_SIGNING_KEY.secret) } });
    expect(fn.Environment.Variables.JWT_SIGNING_KEY).toBeUndefined();
  });
});
