/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ALARM-SECURITY-EVENTS on a user pool: Cognito publishes SignInSuccesses, TokenRefreshSuccesses and
 * FederationSuccesses per user pool client (dimensions UserPool + UserPoolClient, and IdentityProvider for
 * federation), and its threat-protection metrics (CompromisedCredentialRisk, AccountTakeoverRisk, OverrideBlock,
 * Risk) per Operation and UserPoolId. An alarm naming the pool without its client, or a risk metric by UserPool
 * instead of UserPoolId, never fires; neither does one on CompromisedCredentialsRisk, a name Cognito does not
 * publish. They passed. An alarm on one client of a pool with several watches that client only: unknown.
 */
import { judged } from './judged';

function template(metric: string, dims: Array<{ Name: string; Value: any }>, clients = 1): Record<string, any> {
  // A success ratio fires when it falls; a count of risky requests when it rises.
  const rises = !metric.endsWith('Successes');
  const out: Record<string, any> = {
    Users: { Type: 'AWS::Cognito::UserPool', Properties: {} },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    SignIn: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/Cognito', MetricName: metric, Dimensions: dims, Statistic: rises ? 'Sum' : 'Average', Period: 300,
        EvaluationPeriods: 3, Threshold: rises ? 0 : 0.8, ComparisonOperator: rises ? 'GreaterThanThreshold' : 'LessThanThreshold', AlarmActions: [{ Ref: 'Topic' }],
      },
    },
  };
  for (let i = 0; i < clients; i++) out[`Client${i}`] = { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Users' } } };
  return out;
}

const pool = (t: Record<string, any>) => judged('AlarmSecurityEvents', t).filter(([r]) => r === 'Users');
const POOL = { Name: 'UserPool', Value: { Ref: 'Users' } };
const CLIENT = { Name: 'UserPoolClient', Value: { Ref: 'Client0' } };

describe('AlarmSecurityEvents: the dimensions Cognito publishes sign-in metrics with', () => {
  test('SignInSuccesses of the pool and its only client: pass', () => {
    expect(pool(template('SignInSuccesses', [POOL, CLIENT])).map(([, s]) => s)).toEqual(['pass']);
  });

  test('SignInSuccesses by UserPool alone: no data, fail naming the dimensions', () => {
    const [[, status, message]] = pool(template('SignInSuccesses', [POOL]));
    expect(status).toBe('fail');
    expect(message).toMatch(/SignIn: Cognito publishes SignInSuccesses per UserPool \+ UserPoolClient; read with dimensions UserPool it has no data/);
  });

  test('one client of a pool with two: unknown, naming it; a client named by a literal (ALL): unknown', () => {
    const [[, status, message]] = pool(template('SignInSuccesses', [POOL, CLIENT], 2));
    expect(status).toBe('unknown');
    expect(message).toMatch(/only the sign-ins through client Client0.*Client1/);
    expect(pool(template('SignInSuccesses', [POOL, { Name: 'UserPoolClient', Value: 'ALL' }]))[0][1]).toBe('unknown');
  });

  test('an alarm asking for a Unit Cognito does not publish SignInSuccesses in (Count): fail', () => {
    const t = template('SignInSuccesses', [POOL, CLIENT]);
    t.SignIn.Properties.Unit = 'Percent';
    expect(pool(t)).toEqual([['Users', 'fail', expect.stringMatching(/in Percent, but AWS publishes it in Count/)]]);
    t.SignIn.Properties.Unit = 'Count';
    expect(pool(t)[0][1]).toBe('pass');
  });

  test('FederationSuccesses needs IdentityProvider too', () => {
    expect(pool(template('FederationSuccesses', [POOL, CLIENT]))[0][1]).toBe('fail');
    expect(pool(template('FederationSuccesses', [POOL, CLIENT, { Name: 'IdentityProvider', Value: 'Google' }]))[0][1]).toBe('pass');
  });

  test('threat protection metrics: per Operation and UserPoolId; by UserPool, or without Operation: fail', () => {
    const id = { Name: 'UserPoolId', Value: { Ref: 'Users' } };
    const op = { Name: 'Operation', Value: 'SignIn' };
    const level = { Name: 'RiskLevel', Value: 'high' };
    expect(pool(template('CompromisedCredentialRisk', [id, op, level]))[0][1]).toBe('pass');
    expect(pool(template('AccountTakeoverRisk', [id, op, level]))[0][1]).toBe('pass');
    expect(pool(template('AccountTakeoverRisk', [POOL, op, level]))[0][1]).toBe('fail');
    expect(pool(template('AccountTakeoverRisk', [id, level]))[0][1]).toBe('fail');
  });

  test('CompromisedCredentialsRisk is not a metric Cognito publishes: no alarm on authentication failures', () => {
    const id = { Name: 'UserPoolId', Value: { Ref: 'Users' } };
    expect(pool(template('CompromisedCredentialsRisk', [id, { Name: 'Operation', Value: 'SignIn' }, { Name: 'RiskLevel', Value: 'high' }]))[0][1]).toBe('fail');
  });
});

/** DASHBOARD-SECURITY: a dashboard's Cognito rows are held to the same dimensions. */
describe('DashboardSecurity: the Cognito rows that show data', () => {
  function board(row: string[]): Record<string, any> {
    const t = template('SignInSuccesses', [POOL, CLIENT]);
    const body = JSON.stringify({ widgets: [{ type: 'metric', properties: { metrics: [['AWS/Cognito', ...row]] } }] });
    const pieces = body.split(/(POOLREF|CLIENTREF)/).map((p) => (p === 'POOLREF' ? { Ref: 'Users' } : p === 'CLIENTREF' ? { Ref: 'Client0' } : p));
    t.Dashboard = { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } };
    return t;
  }
  const dash = (t: Record<string, any>) => judged('DashboardSecurity', t).filter(([r]) => r === 'Users');

  test('SignInSuccesses per UserPool + UserPoolClient: pass; per UserPool alone: fail, naming the row', () => {
    expect(dash(board(['SignInSuccesses', 'UserPool', 'POOLREF', 'UserPoolClient', 'CLIENTREF']))[0][1]).toBe('pass');
    const [[, status, message]] = dash(board(['SignInSuccesses', 'UserPool', 'POOLREF']));
    expect(status).toBe('fail');
    expect(message).toMatch(/rows that show no data .*Dashboard SignInSuccesses \(UserPool\)/);
  });

  test('a risk metric by UserPoolId and Operation: pass; by UserPool: fail', () => {
    expect(dash(board(['AccountTakeoverRisk', 'Operation', 'SignIn', 'RiskLevel', 'high', 'UserPoolId', 'POOLREF']))[0][1]).toBe('pass');
    expect(dash(board(['AccountTakeoverRisk', 'Operation', 'SignIn', 'RiskLevel', 'high', 'UserPool', 'POOLREF']))[0][1]).toBe('fail');
  });
});
