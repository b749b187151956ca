/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * AppSync Event APIs (`AWS::AppSync::Api` with an `EventConfig`, and their `AWS::AppSync::ChannelNamespace`s) were in
 * no kind of kinds.ts and read by no rule (found 2026-12-05, appsyncev): an Event API that any holder of an API key
 * may publish and subscribe on, writing no logs, left API-AUTHORIZATION and EDGE-ACCESS-LOGS satisfied beside a
 * compliant GraphQL API (wrong passes). They are now endpoints (kinds.ts `unread`, as GraphQL APIs), judged by
 * AppSyncAuthorization (the modes AppSync accepts for publishing, connecting and subscribing), AppSyncAccessLogs
 * (`EventConfig.LogConfig`) and LogRetention/LogEncrypted (the API's own group `/aws/appsync/apis/<api id>`).
 */
import { checkPatched, judgedOn } from './judged';
import { PatchOp, set } from './fixtures';

const modes = (...types: string[]) => types.map((t) => ({ AuthType: t }));
const EV = ['Resources', 'Events', 'Properties', 'EventConfig'];
const NS = ['Resources', 'Ns', 'Properties'];
const logRole = { 'Fn::GetAtt': ['OrdersGraphqlLogsRole', 'Arn'] };

/** An Event API of the given connection, publish and subscribe modes, and a channel namespace of it. */
function eventApi(connect: string[], publish: string[], subscribe: string[], logConfig?: any): PatchOp[] {
  return [
    set(['Resources', 'Events'], {
      Type: 'AWS::AppSync::Api',
      Properties: {
        Name: 'events',
        EventConfig: {
          AuthProviders: modes(...new Set([...connect, ...publish, ...subscribe])),
          ConnectionAuthModes: modes(...connect), DefaultPublishAuthModes: modes(...publish), DefaultSubscribeAuthModes: modes(...subscribe),
          ...(logConfig ? { LogConfig: logConfig } : {}),
        },
      },
    }),
    set(['Resources', 'Ns'], { Type: 'AWS::AppSync::ChannelNamespace', Properties: { ApiId: { 'Fn::GetAtt': ['Events', 'ApiId'] }, Name: 'default' } }),
  ];
}
const IAM = ['AWS_IAM'];
const KEY = ['API_KEY'];
const compliant = (log: any = { CloudWatchLogsRoleArn: logRole, LogLevel: 'ERROR' }) => eventApi(['AMAZON_COGNITO_USER_POOLS'], IAM, ['AMAZON_COGNITO_USER_POOLS'], log);
const auth = (patch: PatchOp[], resource = 'Events') => judgedOn('edge-api', patch, 'AppSyncAuthorization', resource);
const item = (patch: PatchOp[], id: string) => checkPatched('edge-api', patch).items.find((i) => i.id === id)!;

describe('AppSyncAuthorization: an Event API and its channel namespaces (before: no finding, API-AUTHORIZATION satisfied)', () => {
  test('API_KEY for everything: the API and its namespace fail, and the item is violated (before: satisfied)', () => {
    const patch = eventApi(KEY, KEY, KEY);
    expect(auth(patch)).toEqual([['fail', expect.stringMatching(/Event API Events accepts API_KEY for publishing \(a publish over HTTP needs only the publish mode\)/)]]);
    expect(auth(patch, 'Ns')).toEqual([['fail', expect.stringMatching(/channel namespace Ns accepts API_KEY for publishing/)]]);
    expect(item(patch, 'API-AUTHORIZATION').status).toBe('violated');
  });

  test('Cognito / IAM modes pass, and the item stays satisfied (the type is judged)', () => {
    expect(auth(compliant())).toEqual([['pass', expect.stringMatching(/Event API Events requires AWS_IAM for publishing and AMAZON_COGNITO_USER_POOLS for subscribing/)]]);
    expect(auth(compliant(), 'Ns')).toEqual([['pass', expect.stringMatching(/channel namespace Ns requires AWS_IAM for publishing/)]]);
    expect(item(compliant(), 'API-AUTHORIZATION').status).toBe('satisfied');
  });

  test('API_KEY beside an authenticating mode still lets a key holder publish: fail', () => {
    expect(auth(eventApi(IAM, ['AWS_IAM', 'API_KEY'], IAM))).toEqual([['fail', expect.stringMatching(/accepts API_KEY for publishing/)]]);
  });

  test('subscribing by API key fails when connecting by API key does too; a connection that needs IAM passes', () => {
    expect(auth(eventApi(KEY, IAM, KEY))).toEqual([['fail', expect.stringMatching(/accepts API_KEY for subscribing and Events for connecting/)]]);
    expect(auth(eventApi(IAM, IAM, KEY))).toEqual([['pass', expect.stringMatching(/AWS_IAM to connect \(API_KEY subscribes only on a connection so opened\)/)]]);
  });

  test('a namespace\'s own PublishAuthModes override the API\'s: API_KEY there fails the namespace only', () => {
    const patch = [...compliant(), set([...NS, 'PublishAuthModes'], modes('API_KEY'))];
    expect(auth(patch)).toEqual([['pass', expect.anything()]]);
    expect(auth(patch, 'Ns')).toEqual([['fail', expect.stringMatching(/channel namespace Ns accepts API_KEY for publishing/)]]);
    expect(item(patch, 'API-AUTHORIZATION').status).toBe('violated');
  });

  test('a namespace taking the modes of an API outside the template, or a mode from a parameter: unknown', () => {
    const outside = [...compliant(), set(['Parameters'], { ApiId: { Type: 'String' } }), set([...NS, 'ApiId'], { Ref: 'ApiId' })];
    expect(auth(outside, 'Ns')).toEqual([['unknown', expect.stringMatching(/not an Event API of this template/)]]);
    const param = [...compliant(), set(['Parameters'], { Mode: { Type: 'String' } }), set([...EV, 'DefaultPublishAuthModes'], [{ AuthType: { Ref: 'Mode' } }])];
    expect(auth(param)).toEqual([['unknown', expect.stringMatching(/decided at deploy time/)]]);
  });
});

describe('AppSyncAccessLogs: an Event API\'s EventConfig.LogConfig (before: no finding, EDGE-ACCESS-LOGS satisfied)', () => {
  const logs = (patch: PatchOp[]) => judgedOn('edge-api', patch, 'AppSyncAccessLogs', 'Events');

  test('no LogConfig: fail', () => {
    expect(logs(compliant(null))).toEqual([['fail', expect.stringMatching(/Event API Events writes no logs \(no EventConfig\.LogConfig\)/)]]);
  });

  test('a LogConfig naming a role AppSync can assume with AWSAppSyncPushToCloudWatchLogs passes, whatever the level (NONE drops handler logs only)', () => {
    expect(logs(compliant())).toEqual([['pass', expect.stringMatching(/writes request logs to CloudWatch Logs through role OrdersGraphqlLogsRole \(LogLevel ERROR\)/)]]);
    expect(logs(compliant({ CloudWatchLogsRoleArn: logRole, LogLevel: 'NONE' }))).toEqual([['pass', expect.anything()]]);
    expect(logs(compliant({ CloudWatchLogsRoleArn: logRole, LogLevel: 'ALL' }))).toEqual([['pass', expect.stringMatching(/also logs each handler's request and response/)]]);
  });

  test('a role that does not trust appsync.amazonaws.com: fail; a level not known: unknown', () => {
    const patch = [...compliant(), set(['Resources', 'OrdersGraphqlLogsRole', 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'], { Service: 'lambda.amazonaws.com' })];
    expect(logs(patch)).toEqual([['fail', expect.stringMatching(/does not trust appsync\.amazonaws\.com/)]]);
    expect(logs(compliant({ CloudWatchLogsRoleArn: logRole, LogLevel: 'VERBOSE' }))).toEqual([['unknown', expect.stringMatching(/log level VERBOSE is not one AppSync knows/)]]);
  });
});

describe('LogRetention / LogEncrypted: an Event API that logs writes /aws/appsync/apis/<api id>', () => {
  const both = (patch: PatchOp[]) => ['LogRetention', 'LogEncrypted'].map((r) => judgedOn('edge-api', patch, r, 'Events').map(([s]) => s));

  test('without that group AppSync creates its own (never expires, no customer key): both fail; with it, both pass', () => {
    expect(both(compliant())).toEqual([['fail'], ['fail']]);
    const group = set(['Resources', 'EventsLogs'], {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: { 'Fn::Sub': '/aws/appsync/apis/${Events.ApiId}' }, RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
    });
    expect(both([...compliant(), group])).toEqual([['pass'], ['pass']]);
    expect(both(compliant(null))).toEqual([[], []]);
  });
});

describe('kinds: an Event API is an endpoint', () => {
  test('items whose rules do not read it are not satisfied beside one (WAF-WEB-ACL names it)', () => {
    const waf = item(compliant(), 'WAF-WEB-ACL');
    expect(waf.status).not.toBe('satisfied');
    expect(waf.reason).toMatch(/AWS::AppSync::Api \(an endpoint no rule of this item reads\)/);
  });
});
