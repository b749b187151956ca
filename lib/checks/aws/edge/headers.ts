import { FindingStatus } from '../../model';
import { RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { DISTRIBUTION, RESPONSE_HEADERS_POLICY, behaviorPath, cacheBehaviors, frontingDistributions, worst } from '../../cfn/edge';
import { attribute, isAlb, isInternetFacing, LISTENER, listenerLoadBalancer, listenerProtocol } from '../../cfn/load-balancers';

/** How one security response header is set and judged. @internal */
export interface HeaderSpec {
  /** The HTTP header name, e.g. `Strict-Transport-Security`. */
  readonly header: string;
  /** The ALB listener attribute that sets it; undefined when an ALB cannot add it. */
  readonly albKey?: string;
  /** Its entry in a CloudFront SecurityHeadersConfig (`StrictTransportSecurity`, ...). */
  readonly cloudFrontKey: string;
  /** The header value a CloudFront SecurityHeadersConfig produces (`absent` when it does not set it). */
  fromCloudFront(index: TemplateIndex, sec: Val): Val;
  /** Why `value` is not acceptable, or undefined when it is. */
  judge(value: string, ctx: RuleContext): string | undefined;
}

const ABSENT: Val = { k: 'absent' };

function judgeVal(v: Val, spec: HeaderSpec, ctx: RuleContext, property: string, where: string): Verdict {
  if (v.k === 'unknown') return unknown(property, v, `${where}: ${spec.header} decided at deploy time (${v.why})`);
  if (v.k === 'absent') return fail(property, v, `${where} does not send ${spec.header}`);
  const s = V.str(v);
  if (s === undefined) return unknown(property, v, `${where}: ${spec.header} value computed at deploy time`);
  const bad = spec.judge(s, ctx);
  return bad ? fail(property, v, `${where}: ${spec.header} ${bad}`) : pass(property, v, `${where} sends ${spec.header}: ${s}`);
}

/** The header value a CloudFront response headers policy sets: security config first, then custom headers. */
function policyValue(index: TemplateIndex, policy: CfnResource, spec: HeaderSpec): Val {
  const cfg = index.prop(policy, 'ResponseHeadersPolicyConfig');
  if (cfg.k === 'unknown') return cfg;
  const sec = index.prop(policy, 'ResponseHeadersPolicyConfig.SecurityHeadersConfig');
  if (sec.k === 'unknown') return sec;
  if (sec.k === 'lit') {
    const v = spec.fromCloudFront(index, sec);
    if (v.k !== 'absent') return overridden(index.field(sec, `${spec.cloudFrontKey}.Override`), v, spec);
  }
  const custom = index.prop(policy, 'ResponseHeadersPolicyConfig.CustomHeadersConfig.Items');
  if (custom.k === 'unknown') return custom;
  for (const h of index.items(custom) ?? []) {
    const name = index.field(h, 'Header');
    if (name.k === 'unknown') return name;
    if ((V.str(name) ?? '').toLowerCase() === spec.header.toLowerCase()) return overridden(index.field(h, 'Override'), index.field(h, 'Value'), spec);
  }
  return ABSENT;
}

/**
 * The value a policy header gives the viewer: its own with `Override` true; with `Override` false CloudFront keeps
 * the origin's header when the origin sends one, which no template shows, so the value is unknown.
 */
function overridden(override: Val, v: Val, spec: HeaderSpec): Val {
  if (override.k === 'unknown') return override;
  if (V.isTrue(override)) return v;
  return { k: 'unknown', why: `the policy sets ${spec.header} with Override false: CloudFront keeps the origin's ${spec.header} when the origin sends one` };
}

/** Whether an edge function may rewrite the behavior's responses (so headers could come from code). */
function edgeFunctionOnResponse(index: TemplateIndex, behavior: Val): boolean {
  const fns = index.items(index.field(behavior, 'FunctionAssociations')) ?? [];
  const lambdas = index.items(index.field(behavior, 'LambdaFunctionAssociations')) ?? [];
  return [...fns, ...lambdas].some((a) => /response/.test(V.str(index.field(a, 'EventType')) ?? ''));
}

/**
 * The verdicts of a security-header rule on an HTTPS listener of an
 * internet-facing ALB (not fronted by a distribution) or on a distribution.
 * @internal
 */
export function headerVerdicts(res: CfnResource, ctx: RuleContext, spec: HeaderSpec): Verdict | Verdict[] | undefined {
  const { index } = ctx;
  if (res.type === LISTENER) {
    if (listenerProtocol(index, res) !== 'HTTPS' || !spec.albKey) return undefined;
    const lb = listenerLoadBalancer(index, res);
    if (lb && (!isAlb(lb, index) || !isInternetFacing(lb, index) || frontingDistributions(index, lb).length > 0)) return undefined;
    const v = attribute(index, res, 'ListenerAttributes', spec.albKey);
    return judgeVal(v, spec, ctx, `Properties.ListenerAttributes[${spec.albKey}]`, 'the HTTPS listener');
  }
  if (res.type !== DISTRIBUTION) return undefined;
  const out: Verdict[] = [];
  for (const b of cacheBehaviors(index, res)) {
    const p = `${behaviorPath(b.name)}.ResponseHeadersPolicyId`;
    const id = index.field(b.v, 'ResponseHeadersPolicyId');
    if (id.k === 'absent') {
      out.push(edgeFunctionOnResponse(index, b.v)
        ? unknown(p, id, `${b.name}: no response headers policy; an edge function on the response may set ${spec.header}`)
        : fail(p, id, `${b.name} has no response headers policy: ${spec.header} is not sent`));
      continue;
    }
    if (id.k !== 'ref' || id.target.type !== RESPONSE_HEADERS_POLICY) {
      out.push(unknown(p, id, `${b.name}: response headers policy ${V.show(id)} is managed or not in this template`));
      continue;
    }
    out.push(judgeVal(policyValue(index, id.target, spec), spec, ctx, p, `${b.name} (policy ${id.target.logicalId})`));
  }
  if (out.length === 0) return undefined;
  const bad = worst(out);
  return bad[0].status === FindingStatus.PASS ? bad[0] : bad;
}
