/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes of the Cognito and service-configuration rules found by the cache/appconfig audit (audit, 2026-12-05;
 * each case was a PASS, F6 a FAIL):
 * - F4: MFA ON does not reach users who sign in through another identity provider;
 * - F5 / F6: an ECS container's environment files may hold more settings (also ConfigNoMocks).
 */
import { PatchOp, R, del, set } from './fixtures';
import { checkPatched, judgedOn } from './judged';

const run = checkPatched;
const judged = judgedOn;

describe('F4: MFA required, with sign-in through another identity provider', () => {
  const CLIENT = 'UsersWebClient';
  const okta = set(R('Okta'), { Type: 'AWS::Cognito::UserPoolIdentityProvider', Properties: { UserPoolId: { Ref: 'Users' }, ProviderName: 'Okta', ProviderType: 'OIDC', ProviderDetails: { client_id: 'abc', oidc_issuer: 'https://acme.okta.com', authorize_scopes: 'openid', attributes_request_method: 'GET' } } });

  test('the base (a client on COGNITO only) passes', () => {
    expect(judged('platform', [], 'CognitoMfaRequired', 'Users').map(([s]) => s)).toEqual(['pass']);
  });

  test('a client signing in through Okta: unknown, naming the provider', () => {
    expect(judged('platform', [okta, set(R(CLIENT, 'Properties', 'SupportedIdentityProviders'), ['Okta'])], 'CognitoMfaRequired', 'Users')).toEqual([
      ['unknown', expect.stringMatching(/client UsersWebClient signs users in through identity provider Okta: Cognito delegates a federated sign-in to the identity provider and adds no factor/)],
    ]);
    expect(judged('platform', [okta, set(R(CLIENT, 'Properties', 'SupportedIdentityProviders'), ['COGNITO', 'Okta'])], 'CognitoMfaRequired', 'Users').map(([s]) => s)).toEqual(['unknown']);
  });

  test('a provider registered on the pool that no client here lists, or a list from a parameter: unknown', () => {
    expect(judged('platform', [okta], 'CognitoMfaRequired', 'Users')).toEqual([['unknown', expect.stringMatching(/identity provider Okta is registered on the pool, and a client outside this template may/)]]);
    const param = [set(['Parameters', 'Idps'], { Type: 'CommaDelimitedList' }), set(R(CLIENT, 'Properties', 'SupportedIdentityProviders'), { Ref: 'Idps' })];
    expect(judged('platform', param, 'CognitoMfaRequired', 'Users')).toEqual([['unknown', expect.stringMatching(/identity provider.* of client UsersWebClient .*decided at deploy time/)]]);
  });
});

describe('F5 / F6: ECS environment files may hold more settings', () => {
  const files = set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'EnvironmentFiles'), [{ Type: 's3', Value: 'arn:aws:s3:::acme-config-prod/app.env' }]);
  const env = (i: number) => R('Task', 'Properties', 'ContainerDefinitions', 0, 'Environment', i);

  test('the base passes the four rules', () => {
    for (const rule of ['ConfigNoPlaceholders', 'ConfigFeatureFlagsExplicit', 'ConfigSessionLimits', 'ConfigNoMocks']) {
      expect(judged('platform', [], rule, 'Task').map(([s]) => s)).toEqual(['pass']);
    }
  });

  test('placeholders and flags: unknown with environment files; an inline placeholder or flag without a value still fails', () => {
    expect(judged('platform', [files], 'ConfigNoPlaceholders', 'Task')).toEqual([['unknown', expect.stringMatching(/container web: \d+ setting\(s\) inline, none a placeholder or empty, but the container's environment files may hold more settings/)]]);
    expect(judged('platform', [files], 'ConfigFeatureFlagsExplicit', 'Task')).toEqual([['unknown', expect.stringMatching(/container web: 3 flag\(s\) set explicitly inline, but the container's environment files may set more/)]]);
    expect(judged('platform', [files, set([...env(11), 'Value'], 'changeme')], 'ConfigNoPlaceholders', 'Task').map(([s]) => s)).toEqual(['fail']);
    expect(judged('platform', [files, set([...env(3), 'Value'], 'maybe')], 'ConfigFeatureFlagsExplicit', 'Task').map(([s]) => s)).toEqual(['fail']);
  });

  test('no flag inline, and environment files: unknown (without files: not judged)', () => {
    const noFlags = [del(env(13)), del(env(4)), del(env(3))];
    expect(judged('platform', noFlags, 'ConfigFeatureFlagsExplicit', 'Task')).toEqual([]);
    expect(judged('platform', [...noFlags, files], 'ConfigFeatureFlagsExplicit', 'Task')).toEqual([['unknown', expect.stringMatching(/no flag inline; the container's environment files may set flags/)]]);
  });

  test('F6: a signing key without a lifetime inline is unknown with environment files (fail without); an inline lifetime is judged', () => {
    const noLifetime = [del(env(7)), del(env(6))];
    expect(judged('platform', noLifetime, 'ConfigSessionLimits', 'Task').map(([s]) => s)).toEqual(['fail']);
    expect(judged('platform', [...noLifetime, files], 'ConfigSessionLimits', 'Task')).toEqual([['unknown', expect.stringMatching(/signs sessions\/tokens \(SECRET_KEY\) and declares no session or token lifetime inline; the container's environment files may declare it/)]]);
    expect(judged('platform', [files], 'ConfigSessionLimits', 'Task').map(([s]) => s)).toEqual(['pass']);
  });

  test('ConfigNoMocks: no switch inline and environment files: unknown; a switch off inline is judged', () => {
    expect(judged('platform', [files], 'ConfigNoMocks', 'Task').map(([s]) => s)).toEqual(['pass']);
    expect(judged('platform', [files, del(env(5))], 'ConfigNoMocks', 'Task')).toEqual([['unknown', expect.stringMatching(/no simulation, dry-run or mock switch inline; the container's environment files may set one/)]]);
  });
});
