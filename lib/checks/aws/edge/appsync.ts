import { CfnResource, refMark, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { APPSYNC_EVENT_API } from '../../cfn/log-destinations';

/** @internal */
export const GRAPHQL_API = 'AWS::AppSync::GraphQLApi';
/** @internal */
export const APPSYNC_DOMAIN = 'AWS::AppSync::DomainName';
/** An AppSync Event API (`EventConfig`: its authorization modes and logging). @internal */
export const EVENT_API = APPSYNC_EVENT_API;
/** A channel namespace of an Event API (its own publish and subscribe modes override the API's defaults). @internal */
export const CHANNEL_NAMESPACE = 'AWS::AppSync::ChannelNamespace';

/**
 * Whether an ARN value names this GraphQL API: `Ref` of the API or `Fn::GetAtt Api.Arn` (CloudFormation returns the
 * API's ARN for both), or an ARN built as `arn:<partition>:appsync:<region>:<account>:apis/${Api.ApiId}`.
 * @internal
 */
export function namesGraphqlApi(arn: Val, api: CfnResource): boolean {
  if (arn.k === 'ref') return arn.target === api && (arn.attr === undefined || arn.attr === 'Arn');
  if (arn.k !== 'expr' || !arn.refs.includes(api)) return false;
  const own = [refMark(api.logicalId), refMark(api.logicalId, 'Arn')];
  if (own.includes(arn.text)) return true;
  return /^arn:[^:]+:appsync:[^:]+:[^:]+:apis\/\$\{[^}]+\}$/.test(arn.text) && arn.text.endsWith(`apis/${refMark(api.logicalId, 'ApiId')}`);
}

/**
 * Whether a GraphQL API is private (`Visibility: PRIVATE`, reached only through interface VPC endpoints); undecidable
 * when the visibility is decided at deploy time.
 * @internal
 */
export function isPrivateGraphqlApi(index: TemplateIndex, api: CfnResource): boolean {
  const v = index.prop(api, 'Visibility');
  if (v.k === 'absent') return false;
  if (v.k === 'unknown') throw new Undecidable(`visibility of ${api.logicalId}: ${v.why}`);
  return V.str(v)?.toUpperCase() === 'PRIVATE';
}
