import { refersTo } from '../../rule';
import { CfnResource, refMark, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { REST_API } from '../../cfn/edge';

/**
 * API Gateway as templates declare it: REST APIs (`AWS::ApiGateway::*`),
 * HTTP and WebSocket APIs (`AWS::ApiGatewayV2::*`), their stages, methods,
 * routes and custom domains.
 */

export { REST_API };

/** @internal */
export const STAGE = 'AWS::ApiGateway::Stage';
/** @internal */
export const DEPLOYMENT = 'AWS::ApiGateway::Deployment';
/** @internal */
export const METHOD = 'AWS::ApiGateway::Method';
/** @internal */
export const RESOURCE = 'AWS::ApiGateway::Resource';
/** @internal */
export const GATEWAY_RESPONSE = 'AWS::ApiGateway::GatewayResponse';
/** @internal */
export const USAGE_PLAN = 'AWS::ApiGateway::UsagePlan';
/** @internal */
export const API_DOMAIN = 'AWS::ApiGateway::DomainName';
/** @internal */
export const BASE_PATH_MAPPING = 'AWS::ApiGateway::BasePathMapping';
/** @internal */
export const V2_API = 'AWS::ApiGatewayV2::Api';
/** @internal */
export const V2_STAGE = 'AWS::ApiGatewayV2::Stage';
/** @internal */
export const V2_ROUTE = 'AWS::ApiGatewayV2::Route';
/** @internal */
export const API_V2_DOMAIN = 'AWS::ApiGatewayV2::DomainName';
/** @internal */
export const V2_API_MAPPING = 'AWS::ApiGatewayV2::ApiMapping';
/** @internal */
export const V2_MANAGED_OVERRIDES = 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides';

/**
 * Quick create: an HTTP API with `Target` gets, from API Gateway itself, a
 * route (`RouteKey`, default `$default`) with no authorization, its
 * integration, and an auto-deployed `$default` stage with no access logs and
 * no throttle. No Route or Stage resource can declare them again (they
 * exist); only an `AWS::ApiGatewayV2::ApiGatewayManagedOverrides` naming the
 * API changes their settings. `undefined` when the API is not quick-created
 * (no `Target`, or not an HTTP API); otherwise the overrides resource, if any.
 * Undecidable when the protocol is, or when several overrides name the API
 * (which one is applied last is not in the template).
 * @internal
 */
export function quickCreate(index: TemplateIndex, api: CfnResource): { overrides?: CfnResource } | undefined {
  if (index.prop(api, 'Target').k === 'absent') return undefined;
  const protocol = index.prop(api, 'ProtocolType');
  if (protocol.k === 'unknown') throw new Undecidable(`protocol of ${api.logicalId}: ${protocol.why}`);
  if (V.str(protocol)?.toUpperCase() !== 'HTTP') return undefined; // quick create is for HTTP APIs only
  const overrides = index.referrers(api, V2_MANAGED_OVERRIDES).filter((o) => refersTo(index.prop(o, 'ApiId'), V2_API) === api);
  if (overrides.length > 1) throw new Undecidable(`${overrides.map((o) => o.logicalId).join(', ')} all override the quick-create resources of ${api.logicalId}: which is applied last is not in the template`);
  return { overrides: overrides[0] };
}

/**
 * Where a REST stage's settings live: an `AWS::ApiGateway::Stage`'s own
 * properties, or the `StageDescription` of an `AWS::ApiGateway::Deployment`
 * that creates its stage through `StageName`. `undefined` for a deployment
 * that creates no stage.
 * @internal
 */
export function stageSettings(index: TemplateIndex, stage: CfnResource): { base: string; v: Val } | undefined {
  if (stage.type === DEPLOYMENT) {
    if (index.prop(stage, 'StageName').k === 'absent') return undefined;
    return { base: 'Properties.StageDescription', v: index.prop(stage, 'StageDescription') };
  }
  return { base: 'Properties', v: index.prop(stage, '') };
}

/** The REST API a stage, deployment or method belongs to, when it is in the template. @internal */
export function restApiOf(index: TemplateIndex, res: CfnResource): CfnResource | undefined {
  return refersTo(index.prop(res, 'RestApiId'), REST_API);
}

/**
 * The OpenAPI definition an API imports, when it has one: its `Body` (an
 * object, or JSON text) read as a document (`doc`), or why it cannot be read
 * (`unread`: a `BodyS3Location` file outside the template, a body decided at
 * deploy time, text that is not JSON). `undefined` when the API has neither
 * Body nor BodyS3Location.
 * @internal
 */
export function openApiDefinition(index: TemplateIndex, api: CfnResource): { doc: Val } | { unread: { property: string; value: Val | string; why: string } } | undefined {
  const raw = index.prop(api, 'Body');
  if (raw.k === 'absent') {
    const s3 = index.prop(api, 'BodyS3Location');
    return s3.k === 'absent' ? undefined : { unread: { property: 'Properties.BodyS3Location', value: s3, why: 'the API is defined by an OpenAPI file in S3 (BodyS3Location), outside the template' } };
  }
  if (raw.k === 'unknown') return { unread: { property: 'Properties.Body', value: raw, why: `the OpenAPI body is decided at deploy time (${raw.why})` } };
  let doc: Val = raw;
  const text = V.str(raw);
  if (text !== undefined) {
    try {
      doc = index.value(JSON.parse(text));
    } catch {
      return { unread: { property: 'Properties.Body', value: '(text)', why: 'the OpenAPI body is text that is not JSON' } };
    }
  }
  if (doc.k !== 'lit') return { unread: { property: 'Properties.Body', value: doc, why: 'the OpenAPI body is computed at deploy time' } };
  return { doc };
}

/**
 * The API a REST API is cloned from (`CloneFrom`), when its methods,
 * authorizers, models and gateway responses come with the copy and are not
 * in the template. `undefined` when the API is no clone, or when its OpenAPI
 * definition replaces the copied one (`Mode: overwrite`; without it, or with
 * `merge`, the definition is merged into the copy). Undecidable when the
 * Mode is.
 * @internal
 */
export function clonedFrom(index: TemplateIndex, api: CfnResource): Val | undefined {
  const source = index.prop(api, 'CloneFrom');
  if (source.k === 'absent') return undefined;
  if (index.prop(api, 'Body').k !== 'absent' || index.prop(api, 'BodyS3Location').k !== 'absent') {
    const mode = index.prop(api, 'Mode');
    if (mode.k === 'unknown') throw new Undecidable(`Mode of ${api.logicalId} (whether its OpenAPI definition replaces the API it is cloned from): ${mode.why}`);
    if (V.str(mode)?.toLowerCase() === 'overwrite') return undefined;
  }
  return source;
}

/** The HTTP/WebSocket API a stage or route belongs to, when it is in the template. @internal */
export function v2ApiOf(index: TemplateIndex, res: CfnResource): CfnResource | undefined {
  return refersTo(index.prop(res, 'ApiId'), V2_API);
}

/** Whether a REST API is private (reachable only from VPC endpoints). Undecidable when its endpoint types are. @internal */
export function isPrivateApi(index: TemplateIndex, api: CfnResource): boolean {
  const types = index.prop(api, 'EndpointConfiguration.Types');
  if (types.k === 'absent') return false;
  if (types.k === 'unknown') throw new Undecidable(`endpoint types of ${api.logicalId}: ${types.why}`);
  return (index.items(types) ?? [types]).some((t) => V.str(t) === 'PRIVATE');
}

/** A REST stage's name in the current world (`undefined` when it is not a known text). @internal */
export function stageName(index: TemplateIndex, stage: CfnResource): string | undefined {
  const n = index.prop(stage, 'StageName');
  return n.k === 'lit' && typeof n.v === 'string' ? n.v : undefined;
}

/**
 * Whether an ARN value names this REST stage: it references the stage's API
 * and ends with `/stages/<name>` (the name written out, or a `Ref` to the
 * stage, as the CDK's `stage.stageArn` writes it).
 * @internal
 */
export function namesStage(index: TemplateIndex, arn: Val, stage: CfnResource): boolean {
  if (arn.k !== 'expr') return false;
  const api = restApiOf(index, stage);
  if (!api || !arn.refs.includes(api)) return false;
  const name = stageName(index, stage);
  if (name !== undefined && arn.text.endsWith(`/stages/${name}`)) return true;
  return stage.type === STAGE && arn.refs.includes(stage) && arn.text.endsWith(`/stages/${refMark(stage.logicalId)}`);
}

/**
 * A method's HTTP method and path, for messages: `GET /orders/{id}`. The path
 * is followed through `AWS::ApiGateway::Resource` parents (bounded).
 * @internal
 */
export function methodLabel(index: TemplateIndex, method: CfnResource): string {
  const verb = index.prop(method, 'HttpMethod');
  const parts: string[] = [];
  let cur: CfnResource | undefined = refersTo(index.prop(method, 'ResourceId'), RESOURCE);
  for (let depth = 0; cur && depth < 64; depth++) {
    const part = index.prop(cur, 'PathPart');
    parts.unshift(part.k === 'lit' ? String(V.show(part)) : '?');
    cur = refersTo(index.prop(cur, 'ParentId'), RESOURCE);
  }
  return `${verb.k === 'lit' ? V.show(verb) : '?'} /${parts.join('/')}`;
}
