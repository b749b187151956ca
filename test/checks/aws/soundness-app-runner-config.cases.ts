/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The configuration items read an App Runner service's environment as they read a Lambda function's or an ECS
 * container's: its image configuration's (or code repository's `CodeConfigurationValues`) `RuntimeEnvironmentVariables`,
 * with `RuntimeEnvironmentSecrets` set at run time. An App Runner service with DEBUG=true, a debug log level or a
 * development environment left CONFIG-DEBUG-OFF, CONFIG-LOG-LEVEL and CONFIG-ENVIRONMENT-PRODUCTION pending (no rule
 * read it), and unknown beside a Lambda function.
 */
import { checks, judged, statuses } from './judged';

type Vars = Record<string, any>;

function service(vars: Vars, extra: { secrets?: string[]; code?: 'API' | 'REPOSITORY' } = {}): Record<string, any> {
  const config = {
    RuntimeEnvironmentVariables: Object.entries(vars).map(([Name, Value]) => ({ Name, Value })),
    ...(extra.secrets ? { RuntimeEnvironmentSecrets: extra.secrets.map((Name) => ({ Name, Value: `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${Name}` })) } : {}),
  };
  const source = extra.code
    ? { CodeRepository: { RepositoryUrl: 'https://github.com/acme/shop', SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
      CodeConfiguration: { ConfigurationSource: extra.code, ...(extra.code === 'API' ? { CodeConfigurationValues: { Runtime: 'NODEJS_18', Port: '8080', ...config } } : {}) } } }
    : { ImageRepository: { ImageIdentifier: 'public.ecr.aws/nginx/nginx:1.27.3', ImageRepositoryType: 'ECR_PUBLIC', ImageConfiguration: { Port: '8080', ...config } } };
  return { Web: { Type: 'AWS::AppRunner::Service', Properties: { SourceConfiguration: { AutoDeploymentsEnabled: false, ...source } } } };
}

const GOOD = { ENVIRONMENT: 'production', NODE_ENV: 'production', LOG_LEVEL: 'INFO' };
const RULES = ['ConfigDebugOff', 'ConfigLogLevel', 'ConfigEnvironmentProduction', 'ConfigNoMocks'];

test('a production environment passes the four rules', () => {
  expect(RULES.map((r) => statuses(judged(r, service(GOOD))))).toEqual([['pass'], ['pass'], ['pass'], ['pass']]);
});

test('DEBUG, a debug log level, a development environment and a simulation mode each fail, naming the service', () => {
  const bad = service({ ENVIRONMENT: 'staging', LOG_LEVEL: 'debug', DEBUG: 'true', SIMULATION_MODE: 'true' });
  expect(RULES.map((r) => judged(r, bad))).toEqual([
    [['Web', 'fail', 'service Web: debug mode on: DEBUG=true']],
    [['Web', 'fail', 'service Web: verbose log level in production (LOG_LEVEL=debug)']],
    [['Web', 'fail', 'service Web: ENVIRONMENT is staging, not production']],
    [['Web', 'fail', expect.stringContaining('service Web')]],
  ]);
});

test('a code repository configured through the API is read the same way; one configured by its apprunner.yaml is unknown', () => {
  expect(statuses(judged('ConfigDebugOff', service({ ...GOOD, DEBUG: '1' }, { code: 'API' })))).toEqual(['fail']);
  expect(judged('ConfigLogLevel', service({}, { code: 'REPOSITORY' }))).toEqual([['Web', 'unknown', expect.stringContaining('apprunner.yaml')]]);
});

test('a variable set from a secret, or from a parameter, is decided at run or deploy time: unknown', () => {
  expect(statuses(judged('ConfigLogLevel', service({ ENVIRONMENT: 'production' }, { secrets: ['LOG_LEVEL'] })))).toEqual(['unknown']);
  expect(statuses(judged('ConfigDebugOff', service({ ...GOOD, DEBUG: { Ref: 'Debug' } }), { Parameters: { Debug: { Type: 'String' } } }))).toEqual(['unknown']);
});

test('the items: an app of one App Runner service is judged (it was pending)', () => {
  const report = checks.checkTemplate({ Resources: service({ ...GOOD, DEBUG: 'true' }) });
  expect(['CONFIG-DEBUG-OFF', 'CONFIG-LOG-LEVEL', 'CONFIG-ENVIRONMENT-PRODUCTION'].map((i) => report.statusOf(i))).toEqual(['violated', 'satisfied', 'satisfied']);
});
