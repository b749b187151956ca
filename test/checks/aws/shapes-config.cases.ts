/**
 * The shapes real templates use, for the config, appconfig and logging rules
 * (issue 9): environment lists with a conditional entry, a conditional sidecar
 * container, values from parameters with AllowedValues and from mappings keyed
 * by a parameter, log group names built with Fn::Sub / Fn::Join, a logging
 * configuration under a condition. Each fixture under
 * test/fixtures/aws/shapes/config/ is written in the style of hand-written
 * templates; `old` is the verdict of the checks before issue 9 (commit
 * c3b20b4, `cdk-golive check --format json`), every fixture has rows it misjudged.
 */
import * as path from 'path';
import { Thresholds } from '../../../lib/checklist/thresholds';
import { APPCONFIG_RULES } from '../../../lib/checks/aws/appconfig';
import { CONFIG_RULES } from '../../../lib/checks/aws/config';
import { LOGGING_RULES } from '../../../lib/checks/aws/logging';
import { runAwsRules } from '../../../lib/checks/engine';
import { loadFolder } from '../../../lib/checks/loader';
import { Finding } from '../../../lib/checks/model';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'aws', 'shapes', 'config');
const loaded = loadFolder(DIR);
const findings: Finding[] = runAwsRules(loaded.templates, { rules: [...CONFIG_RULES, ...APPCONFIG_RULES, ...LOGGING_RULES], thresholds: Thresholds.DEFAULTS });

function finding(file: string, rule: string, resource: string): Finding {
  const found = findings.filter((f) => path.basename(f.file) === file && f.ruleId === rule && f.resource === resource);
  expect([file, rule, resource, found.length]).toEqual([file, rule, resource, 1]);
  return found[0];
}

/** [fixture, rule, resource, verdict now, verdict before issue 9]. */
const CASES: [string, string, string, string, string][] = [
  // A container environment with `!If [IsProd, {LOG_LEVEL: INFO}, {LOG_LEVEL: DEBUG}]` and `!If [IsDev, {DEBUG: true}, NoValue]`
  // entries, and an X-Ray sidecar that exists only when EnableTracing is true.
  ['ecs-environment-if.yaml', 'ConfigEnvironmentProduction', 'TaskDefinition', 'pass', 'unknown'],
  ['ecs-environment-if.yaml', 'LogStructured', 'TaskDefinition', 'pass', 'unknown'],
  ['ecs-environment-if.yaml', 'ConfigNoMocks', 'TaskDefinition', 'pass', 'unknown'],
  ['ecs-environment-if.yaml', 'ConfigNoPlaceholders', 'TaskDefinition', 'pass', 'unknown'],
  ['ecs-environment-if.yaml', 'ConfigDeclaredInStack', 'TaskDefinition', 'pass', 'unknown'],
  ['ecs-environment-if.yaml', 'LogCentralized', 'TaskDefinition', 'pass', 'unknown'],
  ['ecs-environment-if.yaml', 'ConfigLogLevel', 'TaskDefinition', 'unknown', 'unknown'],
  ['ecs-environment-if.yaml', 'ConfigDebugOff', 'TaskDefinition', 'unknown', 'unknown'],
  ['ecs-environment-if.yaml', 'LogTracing', 'TaskDefinition', 'unknown', 'unknown'],
  ['ecs-environment-if.yaml', 'LogRetention', 'TaskDefinition', 'pass', 'pass'],
  // A Lambda environment from parameters with AllowedValues, a condition and a mapping keyed by the stage.
  ['lambda-parameters.yaml', 'ConfigLogLevel', 'CheckoutFunction', 'pass', 'unknown'],
  ['lambda-parameters.yaml', 'ConfigNoMocks', 'CheckoutFunction', 'fail', 'unknown'],
  ['lambda-parameters.yaml', 'ConfigNoPlaceholders', 'CheckoutFunction', 'pass', 'unknown'],
  ['lambda-parameters.yaml', 'ConfigFeatureFlagsExplicit', 'CheckoutFunction', 'pass', 'unknown'],
  ['lambda-parameters.yaml', 'ConfigEnvironmentProduction', 'CheckoutFunction', 'unknown', 'unknown'],
  ['lambda-parameters.yaml', 'ConfigDebugOff', 'CheckoutFunction', 'unknown', 'unknown'],
  ['lambda-parameters.yaml', 'AuditAppLogEnabled', 'CheckoutFunction', 'unknown', 'unknown'],
  ['lambda-parameters.yaml', 'LogTracing', 'CheckoutFunction', 'unknown', 'unknown'],
  ['lambda-parameters.yaml', 'LogRetention', 'CheckoutFunction', 'pass', 'fail'],
  ['lambda-parameters.yaml', 'LogEncrypted', 'CheckoutFunction', 'pass', 'fail'],
  ['lambda-parameters.yaml', 'LogEncrypted', 'CheckoutLogGroup', 'fail', 'fail'],
  // Log group names written with !Sub / !Join over the stack name, and over an open parameter.
  ['log-group-names.yaml', 'LogRetention', 'WebhookFunction', 'pass', 'fail'],
  ['log-group-names.yaml', 'LogEncrypted', 'WebhookFunction', 'pass', 'fail'],
  ['log-group-names.yaml', 'LogRetention', 'ReportFunction', 'unknown', 'fail'],
  ['log-group-names.yaml', 'LogEncrypted', 'ReportFunction', 'unknown', 'fail'],
  ['log-group-names.yaml', 'LogRetention', 'ExportTask', 'pass', 'unknown'],
  ['log-group-names.yaml', 'LogEncrypted', 'ExportTask', 'pass', 'unknown'],
  ['log-group-names.yaml', 'LogRetention', 'ExportLogGroup', 'pass', 'pass'],
  // A trail whose retention and validation come from a map keyed by the stage; a lifecycle rule list with an !If entry.
  ['audit-trail.yaml', 'AuditTrail', 'Trail', 'pass', 'unknown'],
  ['audit-trail.yaml', 'LogRetention', 'TrailLogGroup', 'pass', 'unknown'],
  // MFA from a map keyed by the stage, password length from AllowedValues, WAF logging under a condition.
  ['user-pool-and-waf.yaml', 'CognitoMfaRequired', 'UserPool', 'pass', 'unknown'],
  ['user-pool-and-waf.yaml', 'CognitoPasswordPolicy', 'UserPool', 'pass', 'unknown'],
  ['user-pool-and-waf.yaml', 'WafLoggingEnabled', 'WebAcl', 'unknown', 'pass (on WafLoggingConfiguration, condition ignored)'],
];

test.each(CASES)('%s: %s on %s is %s (was %s)', (file, rule, resource, now) => {
  expect(finding(file, rule, resource).status).toBe(now);
});

test('every fixture has verdicts the checks before issue 9 got wrong', () => {
  const files = [...new Set(CASES.map(([f]) => f))];
  for (const f of files) expect([f, CASES.some(([file, , , now, old]) => file === f && !old.startsWith(now))]).toEqual([f, true]);
  expect(files.sort()).toEqual(loaded.templates.map((t) => path.basename(t.file)).sort());
});

describe('an unknown names what decides it', () => {
  test.each([
    // The sidecar's condition is read too: which containers exist decides which one is the application container.
    ['ecs-environment-if.yaml', 'ConfigLogLevel', 'TaskDefinition', /^depends on parameter EnableTracing, parameter Stage: fails when parameter EnableTracing = true, parameter Stage = dev: container api: verbose log level in production \(LOG_LEVEL=DEBUG\); passes when .*parameter Stage = prod$/],
    ['ecs-environment-if.yaml', 'ConfigDebugOff', 'TaskDefinition', /fails when parameter EnableTracing = true, parameter Stage = dev: container api: debug mode on: DEBUG=true/],
    // LogTracing now reads the application containers' SDK switches (OTEL_SDK_DISABLED, AWS_XRAY_SDK_ENABLED), and a
    // container's Environment list is read whole in each world, so its Fn::If entries on Stage are named too.
    ['ecs-environment-if.yaml', 'LogTracing', 'TaskDefinition', /^depends on parameter EnableTracing, parameter Stage: /],
    ['lambda-parameters.yaml', 'ConfigEnvironmentProduction', 'CheckoutFunction', /^depends on parameter Stage: fails when parameter Stage = staging: function CheckoutFunction: ENVIRONMENT is staging, not production/],
    ['lambda-parameters.yaml', 'ConfigDebugOff', 'CheckoutFunction', /^depends on parameter Stage: fails when parameter Stage = staging: .*DEBUG=true; passes when parameter Stage = production/],
    ['lambda-parameters.yaml', 'AuditAppLogEnabled', 'CheckoutFunction', /^depends on parameter AuditLogging: fails when parameter AuditLogging = false/],
    ['log-group-names.yaml', 'LogRetention', 'ReportFunction', /the function's name and log group ReportLogGroup's name are decided at deploy time/],
    ['user-pool-and-waf.yaml', 'WafLoggingEnabled', 'WebAcl', /^depends on parameter LogWafRequests: fails when parameter LogWafRequests = no: web ACL WebAcl does not log its requests; passes when parameter LogWafRequests = yes/],
  ])('%s: %s on %s', (file, rule, resource, message) => {
    expect(finding(file, rule, resource).message).toMatch(message);
  });

  test('a rule depends only on the Lambda variables it reads', () => {
    // ConfigLogLevel reads only LOG_LEVEL (parameter LogLevel), not ENVIRONMENT or DEBUG (parameter Stage), nor the
    // flags: ten parameters behind ten other variables would otherwise make 2^10 worlds and a verdict of "not judged".
    expect(finding('lambda-parameters.yaml', 'ConfigLogLevel', 'CheckoutFunction').message).toBe('function CheckoutFunction: production log level LOG_LEVEL=INFO (in every combination of parameter LogLevel)');
    expect(finding('lambda-parameters.yaml', 'ConfigNoMocks', 'CheckoutFunction').message).toBe('function CheckoutFunction: simulated or mocked behaviour switched on in production (USE_MOCK_SERVICES=true) (in every combination of parameter Stage)');
  });
});
