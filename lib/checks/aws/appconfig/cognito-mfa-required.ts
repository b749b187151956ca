import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';

const CLIENT = 'AWS::Cognito::UserPoolClient';
const IDENTITY_PROVIDER = 'AWS::Cognito::UserPoolIdentityProvider';

/**
 * AUTH-MFA-ADMINS: the user pool requires MFA.
 *
 * Decisions: Cognito sets MFA per pool, not per group, so the only setting a
 * template can show that makes administrators use MFA is `MfaConfiguration: ON`
 * (pass, with at least one factor enabled). `OPTIONAL` is unknown: whether the
 * administrators enrolled is decided per user, outside the template. `OFF` or
 * absent fails.
 *
 * `ON` applies to the pool's own users only: "in the case of federated users,
 * Amazon Cognito delegates all authentication processes to the IdP and doesn't
 * offer them additional authentication factors" (Cognito guide, adding MFA to
 * a user pool). So `ON` is unknown, naming the provider (its MFA setting
 * decides), when a client of the pool in this template lists a provider other
 * than `COGNITO` in `SupportedIdentityProviders` (or the list is decided at
 * deploy time), or when an identity provider is registered on the pool in this
 * template and no client of it here lists it (a client outside the template
 * may). Clients that list only `COGNITO`, or nothing, pass.
 */
export const CognitoMfaRequired: AwsRule = {
  id: 'CognitoMfaRequired',
  items: ['AUTH-MFA-ADMINS'],
  types: ['AWS::Cognito::UserPool'],
  severity: Severity.HIGH,
  description: 'Cognito user pools require MFA (MfaConfiguration ON, with a software-token or SMS factor); sign-in federated through another identity provider leaves MFA to that provider (unknown).',
  fix: 'Set mfa: Mfa.REQUIRED with mfaSecondFactor { otp: true } (or keep administrators in a pool that requires MFA); for federated sign-in, require MFA in the identity provider.',
  check(res, { index }) {
    const v = index.prop(res, 'MfaConfiguration');
    const p = 'Properties.MfaConfiguration';
    if (v.k === 'unknown') return unknown(p, v, `MFA mode decided at deploy time (${v.why})`);
    const mode = V.str(v) ?? 'OFF';
    if (mode === 'ON') {
      const factors = (index.items(index.prop(res, 'EnabledMfas')) ?? []).map((f) => V.show(f));
      const federated = federation(res, index);
      if (federated) return unknown(p, v, `MFA is required of the pool's own users, but ${federated}: Cognito delegates a federated sign-in to the identity provider and adds no factor, so the provider's MFA setting decides`);
      return pass(p, v, `MFA required for every user${factors.length ? ` (${factors.join(', ')})` : ''}`);
    }
    if (mode === 'OPTIONAL') return unknown(p, v, 'MFA optional: whether administrators enrolled is decided per user, outside the template');
    return fail(p, v, 'MFA off: administrators sign in with a password alone');
  },
};

/** How users of the pool may sign in through another identity provider, or undefined when no client of the template offers one. */
function federation(pool: CfnResource, index: TemplateIndex): string | undefined {
  const listed = new Set<string>();
  let found: string | undefined;
  for (const client of index.referrers(pool, CLIENT)) {
    const id = index.prop(client, 'UserPoolId');
    if (!(id.k === 'ref' && id.target === pool)) continue;
    const providers = index.prop(client, 'SupportedIdentityProviders');
    if (providers.k === 'unknown') { found ??= `the identity providers of client ${client.logicalId} are decided at deploy time (${providers.why})`; continue; }
    for (const p of index.items(providers) ?? []) {
      const name = p.k === 'unknown' ? undefined : V.str(p);
      if (name === undefined) { found ??= `an identity provider of client ${client.logicalId} is decided at deploy time`; continue; }
      listed.add(name);
      if (name !== 'COGNITO') found ??= `client ${client.logicalId} signs users in through identity provider ${name}`;
    }
  }
  if (found) return found;
  for (const idp of index.referrers(pool, IDENTITY_PROVIDER)) {
    const name = index.prop(idp, 'ProviderName');
    const shown = name.k === 'lit' ? V.str(name) ?? idp.logicalId : idp.logicalId;
    if (!listed.has(shown)) return `identity provider ${shown} is registered on the pool, and a client outside this template may sign users in through it`;
  }
  return undefined;
}
