/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ConfigEndpointsFromStack on loopback endpoints. A collector or proxy sidecar is reached on localhost
 * (`OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317` beside an ADOT collector in one Fargate task): that failed,
 * a false FAIL on the pattern AWS documents. A loopback endpoint now passes only where the stack declares the
 * listener (a container of the same network namespace mapping that port); where it may be there (other containers
 * that map no such port, a Lambda function's layer extensions) it is unknown; where nothing of the stack is on that
 * loopback (one container, bridge mode, no layers) it still fails.
 */
import { GoLiveChecks } from '../../../lib';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

function verdicts(resources: Record<string, any>): Array<[string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
  return report.findings.filter((f) => f.ruleId === 'ConfigEndpointsFromStack').map((f) => [f.status, f.message]);
}

const container = (name: string, extra: Record<string, any> = {}) => ({
  Name: name, Image: `public.ecr.aws/acme/${name}@sha256:${'0'.repeat(64)}`, Essential: true, ...extra,
});

/** An ECS service running a task definition with these containers. */
function task(containers: any[], props: Record<string, any> = { RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '512', Memory: '1024' }) {
  return {
    TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { ...props, ContainerDefinitions: containers } },
    Svc: {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: 'web', TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: 3,
        ...(props.NetworkMode === 'awsvpc' ? { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123456789abcdef0'] } } } : {}),
      },
    },
  };
}

const app = (env: Record<string, string>) => container('app', { Environment: Object.entries(env).map(([Name, Value]) => ({ Name, Value })) });
const OTEL = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317' };

describe('ECS: a sidecar on the task\'s loopback', () => {
  test('a collector container mapping the port: pass, naming it (was a fail)', () => {
    const v = verdicts(task([app(OTEL), container('collector', { PortMappings: [{ ContainerPort: 4317 }] })]));
    expect(v).toEqual([['pass', expect.stringMatching(/OTEL_EXPORTER_OTLP_ENDPOINT → localhost: container collector of the task maps port 4317/)]]);
  });

  test('Fargate without NetworkMode written (awsvpc is the only mode): pass', () => {
    const { NetworkMode: _mode, ...props } = { RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '512', Memory: '1024' };
    const v = verdicts(task([app(OTEL), container('collector', { PortMappings: [{ ContainerPort: 4317 }] })], props));
    expect(v.map(([s]) => s)).toEqual(['pass']);
  });

  test('a container that maps no port may listen there: unknown, never pass', () => {
    const v = verdicts(task([app(OTEL), container('collector')]));
    expect(v).toEqual([['unknown', expect.stringMatching(/whether container collector of the task listens on port 4317 cannot be seen: it maps no port/)]]);
  });

  test('containers whose port mappings all name other ports are taken at their word: a database URL on localhost beside the X-Ray daemon fails', () => {
    const v = verdicts(task([app({ DATABASE_URL: 'postgres://localhost:5432/app?sslmode=require' }), container('xray', { PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }] })]));
    expect(v.map(([s]) => s)).toEqual(['fail']);
  });

  test('one container, or bridge mode (each container its own loopback): still a fail', () => {
    expect(verdicts(task([app(OTEL)])).map(([s]) => s)).toEqual(['fail']);
    const bridge = { RequiresCompatibilities: ['EC2'], NetworkMode: 'bridge' };
    expect(verdicts(task([app(OTEL), container('collector', { PortMappings: [{ ContainerPort: 4317 }] })], bridge)).map(([s]) => s)).toEqual(['fail']);
  });

  test('a loopback host that is not the task\'s own (host.docker.internal) still fails', () => {
    const v = verdicts(task([app({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://host.docker.internal:4317' }), container('collector', { PortMappings: [{ ContainerPort: 4317 }] })]));
    expect(v.map(([s]) => s)).toEqual(['fail']);
  });
});

describe('Lambda: an extension from a layer', () => {
  const fn = (layers?: any[]) => ({
    Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => ({})' },
        Environment: { Variables: OTEL },
        ...(layers ? { Layers: layers } : {}),
      },
    },
    Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'AWS_IAM' } },
  });

  test('with a layer: unknown (its extension may listen there); without: fail', () => {
    expect(verdicts(fn(['arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-nodejs-amd64-ver-1-18-1:4'])).map(([s]) => s)).toEqual(['unknown']);
    expect(verdicts(fn()).map(([s]) => s)).toEqual(['fail']);
  });
});
