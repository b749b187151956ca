/**
 * Secret-looking names: short forms of a password (`DB_PASS`, `SMTP_PWD`) and key pairs (`SESSION_KEY`) were not
 * recognised, so a literal value under them passed SecretsNoPlaintext (and K8sSecretEnv). `PWD` alone (the working
 * directory) and `PASS` before another word (`PASS_THROUGH`) are not secrets.
 */
import { isSecretName, literalSecretProblem } from '../../../lib/checklist/policy/secret-names';
import { GoLiveChecks } from '../../../lib';

test.each(['DB_PASS', 'SMTP_PWD', 'redisPw', 'SESSION_KEY', 'HMAC_KEY', 'JWT_KEY', 'COOKIE_KEY'])('%s is a secret name', (name) => {
  expect(isSecretName(name)).toBe(true);
  expect(literalSecretProblem(name, 'hunter2')).toBe('a secret-looking name with a literal value');
});

test.each(['PWD', 'PASS_THROUGH', 'PASS_COUNT', 'BYPASS', 'DB_PASS_FILE', 'SESSION_KEY_ARN', 'ENABLE_DB_PASS'])('%s is not', (name) => {
  expect(isSecretName(name)).toBe(false);
});

test('SecretsNoPlaintext fails a literal DB_PASS in a Lambda function\'s environment', () => {
  const report = new GoLiveChecks({ printSummary: false, writeReports: false }).checkTemplate({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::111111111111:role/fn', Code: { ZipFile: 'x' }, Environment: { Variables: { DB_PASS: 'hunter2' } } },
      },
    },
  });
  expect(report.findings.filter((f) => f.ruleId === 'SecretsNoPlaintext').map((f) => f.status)).toEqual(['fail']);
});
