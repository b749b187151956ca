import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { pointsAt } from '../../cfn/load-balancers';
import { CHANNEL_NAMESPACE, EVENT_API, GRAPHQL_API } from './appsync';

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

/** The upper-cased modes of an Event API mode list (`[{ AuthType }]`), or why they cannot be read. */
function eventModes(index: TemplateIndex, list: Val, what: string): string[] | { open: string } {
  if (list.k === 'unknown') return { open: `${what} decided at deploy time (${list.why})` };
  if (list.k === 'absent') return { open: `${what} not set` };
  const items = index.items(list);
  if (items === undefined) return { open: `${what} (${V.show(list)}) decided at deploy time` };
  if (items.length === 0) return { open: `${what} list no mode` };
  const out: string[] = [];
  for (const x of items) {
    const m = mode(index.field(x, 'AuthType'));
    if (m === undefined) return { open: `a mode of ${what} is decided at deploy time` };
    if (m !== API_KEY && !AUTHENTICATING.includes(m)) return { open: `${what} hold ${m}, a mode the check does not know` };
    out.push(m);
  }
  return out;
}

/**
 * The modes AppSync accepts for publishing and subscribing on an Event API, or on one of its channel namespaces
 * (its own `PublishAuthModes` / `SubscribeAuthModes`, otherwise the API's defaults), and for opening a WebSocket
 * (`ConnectionAuthModes`, the API's). A request may use any mode of the list: API_KEY in the publish list lets anyone
 * holding the key publish (over HTTP a publish needs the publish mode only, AppSync Events "Publish via HTTP"); in
 * both the connection and the subscribe lists, subscribe.
 */
function eventVerdict(index: TemplateIndex, res: CfnResource): Verdict {
  const namespace = res.type === CHANNEL_NAMESPACE;
  const name = `${namespace ? 'channel namespace' : 'Event API'} ${res.logicalId}`;
  let api: CfnResource | undefined = namespace ? undefined : res;
  if (namespace) {
    const id = index.prop(res, 'ApiId');
    const targets = id.k === 'ref' ? [id.target] : id.k === 'expr' ? id.refs : [];
    api = targets.find((t) => t.type === EVENT_API);
  }
  const config = api ? index.prop(api, 'EventConfig') : undefined;
  const apiModes = (field: string): string[] | { open: string } => {
    if (!api || !config) return { open: `the API's ${field} (the API is not an Event API of this template)` };
    if (config.k === 'unknown') return { open: `the EventConfig of ${api.logicalId} decided at deploy time (${config.why})` };
    if (config.k === 'absent') return { open: `Event API ${api.logicalId} sets no EventConfig, whose ${field} AppSync requires` };
    return eventModes(index, index.field(config, field), `the ${field} of ${api.logicalId}`);
  };
  const own = (field: string, fallback: string): { path: string; modes: string[] | { open: string } } => {
    if (namespace && index.prop(res, field).k !== 'absent') return { path: `Properties.${field}`, modes: eventModes(index, index.prop(res, field), `the ${field} of ${res.logicalId}`) };
    return { path: namespace ? `Properties.${field}` : `Properties.EventConfig.${fallback}`, modes: apiModes(fallback) };
  };
  const publish = own('PublishAuthModes', 'DefaultPublishAuthModes');
  const subscribe = own('SubscribeAuthModes', 'DefaultSubscribeAuthModes');
  const connect = apiModes('ConnectionAuthModes');
  const alone = 'an API key identifies a client but does not authenticate it (it ships in the client, and anyone holding it may call); use Cognito, OIDC, IAM or a Lambda authorizer, or acknowledge this finding with the reason the API is public';
  if ('open' in publish.modes) return unknown(publish.path, '(see message)', `${name}: ${publish.modes.open}: which modes AppSync accepts for publishing is not known`);
  if (publish.modes.includes(API_KEY)) return fail(publish.path, API_KEY, `${name} accepts API_KEY for publishing (a publish over HTTP needs only the publish mode): ${alone}`);
  if ('open' in subscribe.modes) return unknown(subscribe.path, '(see message)', `${name}: ${subscribe.modes.open}: which modes AppSync accepts for subscribing is not known`);
  if (subscribe.modes.includes(API_KEY)) {
    if ('open' in connect) return unknown(subscribe.path, API_KEY, `${name} accepts API_KEY for subscribing, and ${connect.open}: whether a WebSocket connection may be opened by API key too is not known`);
    if (connect.includes(API_KEY)) return fail(subscribe.path, API_KEY, `${name} accepts API_KEY for subscribing and ${api!.logicalId} for connecting: ${alone}`);
  }
  const modes = (xs: string[]) => [...new Set(xs)].filter((x) => x !== API_KEY).join(' or ');
  const sub = subscribe.modes.includes(API_KEY) ? `${modes(connect as string[])} to connect (API_KEY subscribes only on a connection so opened)` : modes(subscribe.modes);
  return pass(publish.path, modes(publish.modes), `${name} requires ${modes(publish.modes)} for publishing and ${sub} for subscribing`);
}

/**
 * API-AUTHORIZATION for an AppSync GraphQL API (`AWS::AppSync::GraphQLApi`), Event API (`AWS::AppSync::Api`) and
 * Event API channel namespace (`AWS::AppSync::ChannelNamespace`).
 *
 * Decisions: an API key identifies a client application but does not authenticate its user (the key ships in the
 * client, and anyone holding it may call): `AuthenticationType` API_KEY, the default mode every type and field
 * without a directive takes, fails. AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT and AWS_LAMBDA
 * authenticate the caller and pass, unless API_KEY is also an additional mode
 * (`AdditionalAuthenticationProviders`) and the schema opens types or fields to it (`@aws_api_key`): fail; the
 * schema not in the template (or in S3, or built at deploy time) leaves it unknown. A mode decided at deploy time is
 * unknown. Acknowledge the finding for an API that is public on purpose.
 *
 * An Event API and each channel namespace are judged on the modes AppSync accepts (any mode of a list may be used):
 * API_KEY among the publish modes (a namespace's own `PublishAuthModes`, otherwise the API's
 * `DefaultPublishAuthModes`) fails, as a publish over HTTP needs only the publish mode; API_KEY among the subscribe
 * modes fails when the API's `ConnectionAuthModes` hold it too (a subscription runs on a WebSocket connection opened
 * with a connection mode). A list decided at deploy time, a mode not known, a namespace that takes the API's modes
 * when that API is not an Event API of the template, are unknown.
 */
export const AppSyncAuthorization: AwsRule = {
  id: 'AppSyncAuthorization',
  items: ['API-AUTHORIZATION'],
  types: [GRAPHQL_API, EVENT_API, CHANNEL_NAMESPACE],
  readsTypes: [GRAPHQL_SCHEMA],
  severity: Severity.HIGH,
  description: 'An AppSync GraphQL API authenticates its callers: its default AuthenticationType is AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT or AWS_LAMBDA (API_KEY alone identifies a client, it does not authenticate it), and API_KEY as an additional mode opens no type or field of the schema (@aws_api_key); an AppSync Event API and its channel namespaces accept no API_KEY for publishing, nor for both connecting and subscribing.',
  fix: 'Use Cognito user pools, OIDC, IAM or a Lambda authorizer as the default authorization mode (CDK: authorizationConfig.defaultAuthorization; for an EventApi, its connection, publish and subscribe mode types and each ChannelNamespace\'s); keep API keys off the schema, or acknowledge this finding with the reason the API is public.',
  check(res, { index }) {
    if (res.type !== GRAPHQL_API) return eventVerdict(index, res);
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
