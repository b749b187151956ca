import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { pointsAt } from '../../cfn/load-balancers';
import { GRAPHQL_API } from './appsync';

const GRAPHQL_SCHEMA = 'AWS::AppSync::GraphQLSchema';
/** The authorization modes that authenticate the caller (AppSync Developer Guide, "Configuring authorization and authentication"). */
const AUTHENTICATING = ['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'];
const API_KEY = 'API_KEY';
/** The schema directive that opens a type or field to API key callers when API_KEY is an additional mode. */
const API_KEY_DIRECTIVE = '@aws_api_key';

/** The upper-cased authorization mode of a value, undefined when decided at deploy time. */
const mode = (v: Val): string | undefined => (v.k === 'lit' ? V.show(v).toUpperCase() : undefined);

/**
 * Whether the API's schema (an `AWS::AppSync::GraphQLSchema` of the template naming it) opens anything to API key
 * callers (`@aws_api_key`): `true` / `false`, or why it cannot be told (no schema in the template, one in S3, or
 * text decided at deploy time).
 */
function schemaOpensToKeys(index: TemplateIndex, api: CfnResource): boolean | string {
  const schemas = index.referrers(api, GRAPHQL_SCHEMA).filter((s) => pointsAt(index.prop(s, 'ApiId'), api));
  if (schemas.length === 0) return 'the API\'s schema is not in the template';
  for (const s of schemas) {
    const def = index.prop(s, 'Definition');
    if (def.k === 'absent') return `schema ${s.logicalId} is read from S3 (DefinitionS3Location), which the check does not read`;
    const text = def.k === 'lit' ? V.show(def) : def.k === 'expr' ? def.text : undefined;
    if (text === undefined) return `schema ${s.logicalId} is decided at deploy time`;
    if (text.includes(API_KEY_DIRECTIVE)) return true;
  }
  return false;
}

/**
 * API-AUTHORIZATION for an AppSync GraphQL API (`AWS::AppSync::GraphQLApi`).
 *
 * Decisions: an API key identifies a client application but does not authenticate its user (the key ships in the
 * client, and anyone holding it may call): `AuthenticationType` API_KEY, the default mode every type and field
 * without a directive takes, fails. AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT and AWS_LAMBDA
 * authenticate the caller and pass, unless API_KEY is also an additional mode
 * (`AdditionalAuthenticationProviders`) and the schema opens types or fields to it (`@aws_api_key`): fail; the
 * schema not in the template (or in S3, or built at deploy time) leaves it unknown. A mode decided at deploy time is
 * unknown. Acknowledge the finding for an API that is public on purpose.
 */
export const AppSyncAuthorization: AwsRule = {
  id: 'AppSyncAuthorization',
  items: ['API-AUTHORIZATION'],
  types: [GRAPHQL_API],
  readsTypes: [GRAPHQL_SCHEMA],
  severity: Severity.HIGH,
  description: 'An AppSync GraphQL API authenticates its callers: its default AuthenticationType is AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA (API_KEY alone identifies a client, it does not authenticate it), and API_KEY as an additional mode opens no type or field of the schema (@aws_api_key).',
  fix: 'Use Cognito user pools, OIDC, IAM or a Lambda authorizer as the default authorization mode (CDK: authorizationConfig.defaultAuthorization); keep API keys off the schema, or acknowledge this finding with the reason the API is public.',
  check(res, { index }) {
    const p = 'Properties.AuthenticationType';
    const def = index.prop(res, 'AuthenticationType');
    const m = mode(def);
    if (m === undefined) return unknown(p, def, `GraphQL API ${res.logicalId}: authorization mode decided at deploy time${def.k === 'unknown' ? ` (${def.why})` : ''}`);
    if (m === API_KEY) return fail(p, def, `GraphQL API ${res.logicalId} authorizes by API key alone: an API key identifies a client but does not authenticate it (it ships in the client, and anyone holding it may call every type and field without a directive); use Cognito, OIDC, IAM or a Lambda authorizer, or acknowledge this finding with the reason the API is public`);
    if (!AUTHENTICATING.includes(m)) return unknown(p, def, `GraphQL API ${res.logicalId}: authorization mode ${m} is not one the check knows`);
    const extra = index.prop(res, 'AdditionalAuthenticationProviders');
    if (extra.k === 'unknown') return unknown('Properties.AdditionalAuthenticationProviders', extra, `GraphQL API ${res.logicalId}: additional authorization modes decided at deploy time (${extra.why})`);
    const modes = (index.items(extra) ?? []).map((x) => index.field(x, 'AuthenticationType'));
    const open = modes.find((x) => mode(x) === undefined);
    if (open) return unknown('Properties.AdditionalAuthenticationProviders', open, `GraphQL API ${res.logicalId}: an additional authorization mode is decided at deploy time`);
    if (modes.some((x) => mode(x) === API_KEY)) {
      const opens = schemaOpensToKeys(index, res);
      if (opens === true) return fail('Properties.AdditionalAuthenticationProviders', API_KEY, `GraphQL API ${res.logicalId}: API_KEY is an additional mode and the schema opens types or fields to it (${API_KEY_DIRECTIVE}): those are callable by anyone holding the key, which does not authenticate them`);
      if (typeof opens === 'string') return unknown('Properties.AdditionalAuthenticationProviders', API_KEY, `GraphQL API ${res.logicalId}: API_KEY is an additional mode, and ${opens}: whether it opens types or fields (${API_KEY_DIRECTIVE}) cannot be seen`);
    }
    const all = [m, ...modes.map((x) => mode(x)!)];
    return pass(p, def, `GraphQL API ${res.logicalId} requires ${[...new Set(all)].filter((x) => x !== API_KEY).join(' or ')} authorization`);
  },
};
