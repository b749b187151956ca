/** SECRETS-NO-PLAINTEXT: a URL whose password is computed at deploy is written, password included, into the configuration. */
import { judged } from './judged';

const fn = (env: Record<string, unknown>) => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'i.h', Code: { ZipFile: 'x' }, Role: 'arn:aws:iam::111111111111:role/r', Environment: { Variables: env } } });
const onFn = (env: Record<string, unknown>) => judged('SecretsNoPlaintext', {
  Pw: { Type: 'Custom::Password', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:f' } },
  Ssm: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } },
  Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro' } },
  Fn: fn(env),
}).filter(([r]) => r === 'Fn').map(([, s, m]) => [s, m]);

test('a custom resource attribute as the password of a URL under any name fails (Fn::Sub and Fn::Join)', () => {
  for (const value of [{ 'Fn::Sub': 'postgres://app:${Pw.Password}@db:5432/x' }, { 'Fn::Join': ['', ['postgres://app:', { 'Fn::GetAtt': ['Pw', 'Password'] }, '@db/x']] }]) {
    const [[status, message]] = onFn({ DB_URL: value });
    expect(status).toBe('fail');
    expect(message).toMatch(/DB_URL \(URL whose password is Pw.Password, a value computed at deploy/);
  }
});

test('an SSM parameter value or a computed user and password: fails', () => {
  expect(onFn({ CONN: { 'Fn::Sub': 'redis://:${Ssm.Value}@cache:6379' } }).map(([s]) => s)).toEqual(['fail']);
  expect(onFn({ CONN: { 'Fn::Sub': 'postgres://${Pw.User}:${Pw.Password}@${Db.Endpoint.Address}/x' } }).map(([s]) => s)).toEqual(['fail']);
});

test('a reference (a name or ARN) as the password, or a URL with computed host and port and no password, still passes', () => {
  expect(onFn({ QUEUE_URL: { 'Fn::Sub': 'amqp://app:${Pw}@mq.internal:5671' } }).map(([s]) => s)).toEqual(['pass']);
  expect(onFn({ DB_URL: { 'Fn::Sub': 'postgres://${Db.Endpoint.Address}:${Db.Endpoint.Port}/app' } }).map(([s]) => s)).toEqual(['pass']);
  expect(onFn({ DB_URL: { 'Fn::Sub': 'postgres://app@${Db.Endpoint.Address}:${Db.Endpoint.Port}/app' } }).map(([s]) => s)).toEqual(['pass']);
});
