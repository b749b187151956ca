import { CfnResource, markedRef, refMark, showPseudoMarks, TemplateIndex, V, Val } from '../../template-index';
import { ALARM_TYPE, AlarmView, alarmView, Dim, MetricRef, parseAlarm, unitFit, valueText } from '../../cfn/alarms';
import { alarmsOnMetric, filterPublishes, firesOn, SignalAlarms } from './signals';
import { acrossWorlds, settledFor } from '../../cfn/settled';
import { inStackRegion, padded, stackPlace } from '../../cfn/names';
import { subReferences } from '../../sub-references';
import { candidates, idKey, keyedIndex, textKeys } from '../../cfn/keyed';

/** Cognito's per-client authentication metrics and the dimensions it publishes them with (sorted). */
const COGNITO_CLIENT_METRICS: Record<string, string[]> = {
  SignInSuccesses: ['UserPool', 'UserPoolClient'],
  TokenRefreshSuccesses: ['UserPool', 'UserPoolClient'],
  FederationSuccesses: ['IdentityProvider', 'UserPool', 'UserPoolClient'],
};
/** Cognito's threat-protection metrics, published per Operation and UserPoolId; the first two per RiskLevel too. */
const COGNITO_RISK_METRICS = ['CompromisedCredentialRisk', 'AccountTakeoverRisk', 'OverrideBlock', 'Risk'];
const COGNITO_LEVELLED = ['CompromisedCredentialRisk', 'AccountTakeoverRisk'];

/** Cognito metrics that signal authentication failures or risky sign-ins. @internal */
export const COGNITO_AUTH_METRICS = [...Object.keys(COGNITO_CLIENT_METRICS), ...COGNITO_RISK_METRICS];

/**
 * The names a web ACL's CloudWatch metrics carry in the `WebACL` dimension:
 * its Name and its metric name; `open` when one is decided at deploy time.
 * @internal
 */
export function webAclNames(acl: CfnResource, index: TemplateIndex): { names: string[]; open?: string } {
  const names: string[] = [];
  let open: string | undefined;
  for (const v of [index.prop(acl, 'Name'), index.prop(acl, 'VisibilityConfig.MetricName')]) {
    if (v.k === 'unknown') open = v.why;
    const s = valueText(v);
    if (s !== undefined) names.push(s);
  }
  return open !== undefined ? { names, open } : { names };
}

/** The metric names of the web ACL's rate-based rules; `open` when a rule is decided at deploy time. @internal */
export function rateRuleMetrics(acl: CfnResource, index: TemplateIndex): { names: string[]; open?: string } {
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return { names: [], open: rules.why };
  const names: string[] = [];
  let open: string | undefined;
  for (const r of index.items(rules) ?? []) {
    const rate = index.field(r, 'Statement.RateBasedStatement');
    if (r.k === 'unknown') { open = r.why; continue; }
    if (rate.k === 'unknown') { open = rate.why; continue; }
    if (rate.k === 'absent') continue;
    const metric = index.field(r, 'VisibilityConfig.MetricName');
    const name = metric.k === 'absent' ? index.field(r, 'Name') : metric;
    if (name.k === 'unknown') open = name.why;
    const s = valueText(name);
    if (s !== undefined) names.push(s);
  }
  return open !== undefined ? { names, open } : { names };
}

/** How a WebACL dimension names a web ACL: it does, it does not, it cannot say (`wrong`: no data) or it is decided at deploy time (`open`). */
type Naming = true | false | { wrong: string } | { open: string };

/**
 * Whether a WebACL dimension's text names the web ACL: WAF names a web ACL's metrics by its metric name
 * (`VisibilityConfig.MetricName`, "a name of the Amazon CloudWatch metric dimension"); its Name, when it is
 * another, is open (not a pass). `${Acl}` or `${Acl.Attr}` alone is `Ref` (name|id|scope) or an attribute
 * (an id, an ARN): no metric is published under it. Another text built from the web ACL is open.
 * @internal
 */
export function webAclNaming(index: TemplateIndex, acl: CfnResource, text: string | undefined): Naming {
  if (text === undefined) return false;
  if (text.includes('${')) {
    // `${Acl}` / `${Acl.Attr}` as Fn::Sub / Fn::Join place them (`refMark`).
    const whole = text === refMark(acl.logicalId);
    const prefix = `${refMark(acl.logicalId).slice(0, -1)}.`;
    const attr = text.startsWith(prefix) && text.endsWith('}') ? text.slice(prefix.length, -1) : '';
    const attribute = attr !== '' && [...attr].every((c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    if (whole || attribute) {
      return { wrong: `dimension WebACL is ${text}, ${text.includes('.') ? 'an attribute of the web ACL' : 'its Ref (name|id|scope)'}, not its metric name: it has no data` };
    }
    return mentionsId(text, acl.logicalId) ? { open: `dimension WebACL (${text}) is built from the web ACL at deploy time` } : false;
  }
  const metric = aclProp(index, acl, 'VisibilityConfig.MetricName');
  const m = valueText(metric);
  if (m !== undefined && text === m) return true;
  const n = valueText(aclProp(index, acl, 'Name'));
  if (n !== undefined && text === n) {
    return { open: m !== undefined ? `dimension WebACL is the web ACL's Name (${n}), not its metric name (${m}), which WAF names the metrics by` : `dimension WebACL is the web ACL's Name (${n}); its metric name is decided at deploy time` };
  }
  return false;
}

/** Whether a `Fn::Sub` text references `id` (`${id}` or `${id.Attribute}` placed: `refMark`), not another id it begins (`${idOther}`). */
function mentionsId(text: string, id: string): boolean {
  return subReferences(text).some((r) => { const ref = markedRef(r.inner); return ref === id || ref?.startsWith(`${id}.`) === true; });
}

/**
 * A property of a web ACL, kept for the run (`settledFor`): it is read for each alarm and dashboard row that may
 * name the web ACL, which are many when web ACLs share a metric name.
 */
function aclProp(index: TemplateIndex, acl: CfnResource, path: string): Val {
  return settledFor(index, `waf-acl\u0000${path}`, acl, (a, i) => i.prop(a, path));
}

/** How an alarm's WebACL dimension names the web ACL (see `webAclNaming`). */
function dimNaming(index: TemplateIndex, acl: CfnResource, d: Dim): Naming {
  const v = d.value;
  if (v.k === 'ref') return v.target === acl ? webAclNaming(index, acl, refMark(acl.logicalId, v.attr)) : false;
  if (v.k === 'expr') return webAclNaming(index, acl, v.text);
  if (d.open !== undefined || v.k === 'unknown') return { open: d.open ?? (v.k === 'unknown' ? v.why : 'dimension WebACL is decided at deploy time') };
  return webAclNaming(index, acl, d.literal ?? valueText(v));
}

/** What an alarm's metric reads of a signal: all of it, part of it, nothing (no data, with why), or what is decided at deploy time. */
type SignalFit = { all: true } | { part: string } | { wrong: string } | { open: string };

/** How a reading of a web ACL's metric gives its Region and Rule dimensions. */
interface WafReading {
  /** The dimension names it reads, sorted. */
  readonly names: string[];
  /** Its Region: the stack's (`AWS::Region`), a text (the stack's region placed by Fn::Sub / Fn::Join is its `pseudoMark`), or decided at deploy time. */
  readonly region?: { stack: true } | { text: string } | { open: string };
  /** Its Rule: a text, or decided at deploy time. */
  readonly rule?: { text: string } | { open: string };
}

/** The Rule a web ACL publishes a reading under: all its requests, its default action's, or one rule's; `on` whether that sends metrics. */
type WafRule = { k: 'all'; on: boolean | undefined } | { k: 'default'; on: boolean | undefined } | { k: 'rule'; name: string; on: boolean | undefined };

const metricsOn = (vis: Val): boolean | undefined => (vis.k === 'unknown' ? undefined : !V.isFalse(vis));

/**
 * Whether WAF publishes a web ACL's metric (`what`) under a reading's dimensions, for alarms and dashboard rows
 * alike: WebACL + Rule, plus Region (the stack's) for a regional web ACL, none for a CloudFront one; the Rule ALL,
 * Default_Action or the metric name of one of the web ACL's rules. The Rule it reads, `wrong` (with why, `it
 * ${verb} no data`) when nothing is published under it, `open` when that is decided at deploy time or it reads
 * other dimensions (rule groups, labels).
 */
function wafPublished(index: TemplateIndex, acl: CfnResource, read: WafReading, what: string, verb: string): WafRule | { wrong: string } | { open: string } {
  // Kept per web ACL and reading for the run: the alarms and rows naming a web ACL mostly read it alike.
  const key = JSON.stringify([read.names, read.region ?? null, read.rule ?? null, what, verb]);
  return settledFor(index, `waf-published\u0000${key}`, acl, () => wafPublishedNow(index, acl, read, what, verb));
}

function wafPublishedNow(index: TemplateIndex, acl: CfnResource, read: WafReading, what: string, verb: string): WafRule | { wrong: string } | { open: string } {
  const scope = index.prop(acl, 'Scope');
  if (scope.k === 'unknown') return { open: `the web ACL's Scope is decided at deploy time (${scope.why}), and with it whether its metrics carry a Region dimension` };
  const scopeText = V.str(scope);
  if (scopeText !== 'REGIONAL' && scopeText !== 'CLOUDFRONT') return { open: 'the web ACL\'s Scope is not REGIONAL or CLOUDFRONT as written, so whether its metrics carry a Region dimension is not known' };
  const regional = scopeText === 'REGIONAL';
  const expected = regional ? ['Region', 'Rule', 'WebACL'] : ['Rule', 'WebACL'];
  const names = read.names;
  const extra = names.filter((n) => !expected.includes(n) && n !== 'Region');
  if (extra.length > 0) return { open: `it reads dimension ${extra.join(' + ')} besides WebACL: which of the web ACL's requests that counts is not judged` };
  const missing = expected.filter((n) => !names.includes(n));
  if (missing.length > 0 || names.length !== new Set(names).size || (!regional && names.includes('Region'))) {
    return { wrong: `WAF publishes ${what} of a ${regional ? 'regional' : 'CloudFront'} web ACL per ${expected.join(' + ')}; read with dimensions ${names.join(' + ')} it ${verb} no data` };
  }
  const region = read.region;
  if (region && !('stack' in region)) {
    if ('open' in region) return { open: region.open };
    // The stack's region in this world (a mapping keyed by AWS::Region chooses it: `stackPlace`).
    const own = stackPlace(index).region;
    const here = inStackRegion(region.text, own);
    const shown = showPseudoMarks(region.text);
    if (here === 'open' && padded(region.text)) return { open: `dimension Region is "${shown}", with white space around it: whether CloudWatch reads it as region ${shown.trim()} is not documented (it matches dimension values as written)` };
    if (here === 'open') return { open: `whether dimension Region (${shown}) is the stack's region is decided at deploy time` };
    // Text whose only placeholders are pseudo parameters written as text (`inStackRegion`): no region.
    if (!here && region.text.includes('${')) return { wrong: `dimension Region is ${shown} as written (CloudFormation substitutes it only in Fn::Sub), which is no region: it ${verb} no data` };
    if (!here) return { wrong: `dimension Region is ${shown}, but the web ACL is in ${own}: it ${verb} no data` };
  }
  const rule = read.rule;
  if (!rule) return { wrong: `WAF publishes ${what} per Rule: it ${verb} no data` };
  if ('open' in rule) return { open: rule.open };
  const value = rule.text;
  if (value === 'ALL') return { k: 'all', on: metricsOn(index.prop(acl, 'VisibilityConfig.CloudWatchMetricsEnabled')) };
  if (value === 'Default_Action') return { k: 'default', on: metricsOn(index.prop(acl, 'VisibilityConfig.CloudWatchMetricsEnabled')) };
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return { open: `the web ACL's rules are decided at deploy time (${rules.why}): whether Rule ${value} is one of them is not known` };
  for (const r of index.items(rules) ?? []) {
    const metric = index.field(r, 'VisibilityConfig.MetricName');
    if (metric.k === 'unknown') return { open: `a rule's metric name is decided at deploy time (${metric.why})` };
    if (valueText(metric) === value) return { k: 'rule', name: value, on: metricsOn(index.field(r, 'VisibilityConfig.CloudWatchMetricsEnabled')) };
  }
  return { wrong: `Rule ${value} is neither ALL, Default_Action nor the metric name of one of the web ACL's rules: WAF publishes no data under it` };
}

/**
 * What a metric naming the web ACL's BlockedRequests reads (`wafPublished`): all its blocks (`Rule` ALL), `part`
 * of them (one rule's, or the default action's), nothing (`wrong`: no data, or a rule whose metrics are off) or
 * what is decided at deploy time (`open`; Rule ALL of a web ACL whose own metrics are off is open: the setting is
 * documented for the default action).
 */
function wafFit(index: TemplateIndex, acl: CfnResource, m: MetricRef): SignalFit {
  if (m.dimsOpen !== undefined) return { open: m.dimsOpen };
  const unnamed = m.dims.find((d) => d.name === '');
  if (unnamed) return { open: unnamed.open ?? 'a dimension name is decided at deploy time' };
  const regionDim = m.dims.find((d) => d.name === 'Region');
  const ruleDim = m.dims.find((d) => d.name === 'Rule');
  const text = (v: Val) => valueText(v);
  let region: WafReading['region'];
  if (regionDim) {
    const v = regionDim.value;
    if (v.k === 'unknown') region = v.why === 'pseudo parameter AWS::Region' ? { stack: true } : { open: `whether dimension Region is the stack's region is decided at deploy time (${v.why})` };
    else region = text(v) === undefined ? { open: 'whether dimension Region is the stack\'s region is not known' } : { text: text(v)! };
  }
  let rule: WafReading['rule'];
  if (ruleDim) {
    const v = ruleDim.value;
    const t = text(v);
    rule = v.k === 'unknown' ? { open: `dimension Rule is decided at deploy time (${v.why})` } : t === undefined || t.includes('${') ? { open: 'dimension Rule is built at deploy time' } : { text: t };
  }
  const read = wafPublished(index, acl, { names: m.dims.map((d) => d.name).sort(), region, rule }, 'BlockedRequests', 'has');
  if (!('k' in read)) return read;
  if (read.k === 'all') {
    if (read.on === false) return { open: 'the web ACL\'s VisibilityConfig.CloudWatchMetricsEnabled is false: whether WAF still publishes Rule ALL is not known' };
    return read.on === undefined ? { open: 'whether the web ACL sends metrics (VisibilityConfig.CloudWatchMetricsEnabled) is decided at deploy time' } : { all: true };
  }
  if (read.k === 'default') {
    if (read.on === false) return { wrong: 'Rule Default_Action: the web ACL\'s VisibilityConfig.CloudWatchMetricsEnabled is false, so it has no data' };
    return { part: 'the requests the default action blocks (Rule Default_Action)' };
  }
  if (read.on === false) return { wrong: `Rule ${read.name}: that rule's VisibilityConfig.CloudWatchMetricsEnabled is false, so it has no data` };
  return { part: `the blocks of rule ${read.name} only (Rule ${read.name}), not all of the web ACL's (Rule ALL)` };
}

/**
 * Whether a dashboard row naming the web ACL (its WebACL dimension) reads what WAF publishes (`wafPublished`):
 * `wrong` (with why) when the row shows no data, `open` when that is decided at deploy time or read with other
 * dimensions. A row of one rule or of the default action shows that.
 * @internal
 */
export function wafRowFit(index: TemplateIndex, acl: CfnResource, dims: Record<string, string>): { ok: true } | { wrong: string } | { open: string } {
  const r = dims.Region;
  const region: WafReading['region'] = r === undefined ? undefined : { text: r };
  const ruleText = dims.Rule;
  const rule: WafReading['rule'] = ruleText === undefined ? undefined : ruleText.includes('${') ? { open: `dimension Rule (${ruleText}) is decided at deploy time` } : { text: ruleText };
  const read = wafPublished(index, acl, { names: Object.keys(dims).sort(), region, rule }, 'the metrics', 'shows');
  return 'k' in read ? { ok: true } : read;
}

/**
 * Sort alarms by what their metrics read of a signal: `fitOf` says, per metric, that it is not the signal
 * (false), may be (`maybe`: its kind or dimensions are decided at deploy time), or how it reads it.
 */
function sortByFit(index: TemplateIndex, candidates: CfnResource[], fitOf: (m: MetricRef) => SignalFit | false | 'maybe'): SignalAlarms {
  const alarms: AlarmView[] = [];
  const open: AlarmView[] = [];
  const wrong: { view: AlarmView; why: string }[] = [];
  const why = new Map<AlarmView, string>();
  for (const a of candidates) {
    const view = alarmView(index, a);
    const fits: SignalFit[] = [];
    let maybe = view.open !== undefined;
    for (const m of view.metrics) {
      const f = fitOf(m);
      if (f === 'maybe') maybe = true;
      else if (f !== false) fits.push(f);
    }
    if (fits.some((f) => 'all' in f)) { alarms.push(view); continue; }
    const reason = fits.map((f) => ('part' in f ? `it watches ${f.part}` : 'open' in f ? f.open : undefined)).find((r) => r !== undefined);
    if (reason !== undefined || maybe) {
      open.push(view);
      if (reason !== undefined) why.set(view, reason);
      continue;
    }
    const w = fits.find((f): f is { wrong: string } => 'wrong' in f);
    if (w) wrong.push({ view, why: w.wrong });
  }
  return { alarms, open, wrong, why };
}

/**
 * Alarms on the web ACL's BlockedRequests (matched by its WebACL dimension): those that read all its blocks
 * under the dimensions WAF publishes them with (see `wafFit`); those that read one rule's, or whose reading is
 * decided at deploy time, are open; those that get no data are wrong.
 * @internal
 */
export function wafBlockedAlarms(acl: CfnResource, index: TemplateIndex): SignalAlarms {
  const keys = wafAclKeys(index, acl);
  return sortByFit(index, keys ? candidates(index, wafAlarmsByAcl(index), keys) : index.ofType(ALARM_TYPE), (m) => {
    const kind = m.namespace === 'AWS/WAFV2' && m.name === 'BlockedRequests';
    if (!kind && m.kindOpen === undefined) return false;
    const dim = m.dims.find((d) => d.name === 'WebACL');
    const naming: Naming = dim ? dimNaming(index, acl, dim) : m.dimsOpen !== undefined || m.dims.some((d) => d.name === '') ? { open: m.dimsOpen ?? 'a dimension name is decided at deploy time' } : false;
    if (naming === false) return false;
    if (!kind) return 'maybe';
    return naming === true ? wafFit(index, acl, m) : naming;
  });
}

/**
 * The keys under which a WebACL dimension may name a web ACL (`dimNaming`): a reference to it, or its text
 * (`textKeys`: the metric name or Name as text, `${Acl...}`); `any` when the value is decided at deploy time.
 */
function wafDimKeys(d: Dim): string[] | 'any' {
  const v = d.value;
  if (v.k === 'ref') return [`r:${v.target.logicalId}`];
  if (v.k === 'expr') return textKeys(v.text);
  if (d.open !== undefined || v.k === 'unknown') return 'any';
  return textKeys(d.literal ?? valueText(v));
}

/** The keys a web ACL is looked up by (`wafAlarmsByAcl`, the dashboard rows of DashboardSecurity): its reference, id, metric name and Name. @internal */
export function wafAclKeys(index: TemplateIndex, acl: CfnResource): string[] | undefined {
  // The names in every world (read in worlds of their own: the caller's world makes no choice the judgement
  // would not make); undefined (every alarm or row is a candidate) when they cannot be listed so.
  const names = acrossWorlds(index, () => [aclProp(index, acl, 'VisibilityConfig.MetricName'), aclProp(index, acl, 'Name')].map(valueText), 64);
  if (names === undefined) return undefined;
  const keys = [`r:${acl.logicalId}`, idKey(acl.logicalId)];
  for (const t of names.flat()) if (t !== undefined) keys.push(`t:${t}`);
  return keys;
}

/**
 * The alarms that may read a web ACL's BlockedRequests (or a metric decided at deploy time) by the web ACL
 * their WebACL dimension may name, in some world (`keyedIndex`): what `wafBlockedAlarms` could keep of
 * an alarm. One whose computation, or WebACL dimension, is decided at deploy time may name any.
 */
function wafAlarmsByAcl(index: TemplateIndex) {
  return keyedIndex(index, 'waf-alarms-by-acl', [ALARM_TYPE], (a) => {
    const view = parseAlarm(index, a);
    if (view.open !== undefined) return 'any';
    const keys: string[] = [];
    for (const m of view.metrics) {
      if (!(m.namespace === 'AWS/WAFV2' && m.name === 'BlockedRequests') && m.kindOpen === undefined) continue;
      const dim = m.dims.find((d) => d.name === 'WebACL');
      if (dim) {
        const k = wafDimKeys(dim);
        if (k === 'any') return 'any';
        keys.push(...k);
      } else if (m.dimsOpen !== undefined || m.dims.some((d) => d.name === '')) return 'any';
    }
    return keys;
  });
}

/**
 * Whether Cognito publishes metric `name` under exactly these dimension names: false when a reading of them gets
 * no data, undefined when that is not known (other dimensions; a risk metric without RiskLevel).
 * @internal
 */
export function cognitoPublishes(name: string, dims: string[]): boolean | undefined {
  const client = COGNITO_CLIENT_METRICS[name];
  const expected = client ?? ['Operation', 'UserPoolId', ...(COGNITO_LEVELLED.includes(name) ? ['RiskLevel'] : [])];
  const missing = expected.filter((n) => !dims.includes(n));
  const extra = dims.filter((n) => !expected.includes(n));
  if (missing.length > 0 && !(!client && missing.length === 1 && missing[0] === 'RiskLevel' && extra.length === 0)) return false;
  return extra.length > 0 || missing.length > 0 ? undefined : true;
}

/**
 * What a Cognito metric reads of a user pool's authentication signals, or false when it is not one of the pool's.
 * SignInSuccesses, TokenRefreshSuccesses and FederationSuccesses are published per client (UserPool +
 * UserPoolClient, and IdentityProvider for federation): all of the pool's when it has one client, part when it
 * has more; a client is named by a reference to it (a literal is open). The threat-protection metrics are
 * published per Operation and UserPoolId (and RiskLevel for the first two).
 */
function authFit(index: TemplateIndex, pool: CfnResource, m: MetricRef): SignalFit | false | 'maybe' {
  const client = m.name !== undefined ? COGNITO_CLIENT_METRICS[m.name] : undefined;
  const risk = m.name !== undefined && COGNITO_RISK_METRICS.includes(m.name);
  const kind = m.namespace === 'AWS/Cognito' && (client !== undefined || risk);
  if (!kind) return m.kindOpen !== undefined ? 'maybe' : false;
  if (m.dimsOpen !== undefined) return { open: m.dimsOpen };
  const unnamed = m.dims.find((d) => d.name === '');
  if (unnamed) return { open: unnamed.open ?? 'a dimension name is decided at deploy time' };
  const poolDims = m.dims.filter((d) => d.refs.has(pool.logicalId));
  if (poolDims.length === 0) return m.dims.some((d) => d.open !== undefined) ? 'maybe' : false;
  const names = m.dims.map((d) => d.name).sort();
  const expected = client ?? ['Operation', 'UserPoolId', ...(COGNITO_LEVELLED.includes(m.name!) ? ['RiskLevel'] : [])].sort();
  const published = `Cognito publishes ${m.name} per ${expected.join(' + ')}`;
  const publishes = cognitoPublishes(m.name!, names);
  if (publishes === false) return { wrong: `${published}; read with dimensions ${names.join(' + ')} it has no data` };
  if (publishes === undefined) return { open: `${published}; whether it publishes under ${names.join(' + ')} is not known` };
  if (!poolDims.some((d) => d.name === (client ? 'UserPool' : 'UserPoolId'))) return false;
  const unit = unitFit(m);
  if (unit.wrong !== undefined) return { wrong: unit.wrong };
  if (unit.open !== undefined) return { open: unit.open };
  if (!client) return { all: true };
  const v = m.dims.find((d) => d.name === 'UserPoolClient')!.value;
  if (v.k !== 'ref' || v.attr !== undefined) return { open: `dimension UserPoolClient is ${V.show(v)}: whether Cognito publishes under it (it publishes per client id) is not known` };
  if (v.target.type !== 'AWS::Cognito::UserPoolClient') return { open: `dimension UserPoolClient names ${v.target.logicalId}, not a user pool client` };
  const others = index.referrers(pool, 'AWS::Cognito::UserPoolClient').filter((c) => c !== v.target).map((c) => c.logicalId);
  return others.length === 0 ? { all: true } : { part: `only the sign-ins through client ${v.target.logicalId}, not through ${others.join(', ')}` };
}

/**
 * Metrics counting authentication failures of a user pool from its logs: the
 * metric filters on the log groups its log delivery configuration writes to.
 * @internal
 */
export function poolLogMetrics(pool: CfnResource, index: TemplateIndex): { namespace: string; name: string; filter: CfnResource; dims: ReturnType<typeof filterPublishes> }[] {
  const out: { namespace: string; name: string; filter: CfnResource; dims: ReturnType<typeof filterPublishes> }[] = [];
  for (const conf of index.referrers(pool, 'AWS::Cognito::LogDeliveryConfiguration')) {
    for (const id of index.refsOf(index.prop(conf, 'LogConfigurations'))) {
      const group = index.get(id);
      if (group?.type !== 'AWS::Logs::LogGroup') continue;
      for (const f of index.referrers(group, 'AWS::Logs::MetricFilter')) {
        for (const t of index.items(index.prop(f, 'MetricTransformations')) ?? []) {
          const namespace = valueText(index.field(t, 'MetricNamespace'));
          const name = valueText(index.field(t, 'MetricName'));
          if (namespace && name) out.push({ namespace, name, filter: f, dims: filterPublishes(index, t) });
        }
      }
    }
  }
  return out;
}

/**
 * Whether an alarm on a pool's Cognito metrics fires on authentication failures: the success metrics
 * (SignInSuccesses...: 1 per success, 0 per failure) must fall, with a statistic other than SampleCount (which counts
 * attempts) and a threshold that 0 (every attempt failing) breaches; the threat-protection metrics count risky
 * requests and must rise. A sign-in volume alarm (`Sum > 10000` of successes) fires on more successes, never on
 * failures. An alarm returning an expression is `open`.
 */
function authDirection(index: TemplateIndex, view: AlarmView): true | { wrong: string } | { open: string } {
  const id = view.alarm.logicalId;
  const m = view.returned?.metric;
  if (!m) return { open: `alarm ${id} returns an expression: whether it fires on authentication failures is not judged` };
  if (m.namespace !== 'AWS/Cognito' || m.name === undefined || !COGNITO_AUTH_METRICS.includes(m.name)) return { open: `alarm ${id} returns ${m.namespace ?? '?'}/${m.name ?? '?'}, not the pool's authentication metric it reads` };
  if (COGNITO_CLIENT_METRICS[m.name] === undefined) return firesOn(index, view, 'up', `the count of ${m.name}`);
  if (m.statOpen !== undefined) return { open: `the statistic of alarm ${id} is decided at deploy time (${m.statOpen})` };
  if (m.stat === 'SampleCount') return { wrong: `alarm ${id} counts ${m.name} data points (SampleCount): the attempts, not the failures` };
  return firesOn(index, view, 'down', `${m.name} (${m.stat ?? '?'}; 1 per success, 0 per failure)`, 0);
}

/** Alarms on a user pool's authentication signals: Cognito metrics of the pool (see `authFit`) that fire on failures (`authDirection`), or metric filters over its logs. @internal */
export function authAlarms(pool: CfnResource, index: TemplateIndex): SignalAlarms {
  const fitted = sortByFit(index, index.referrers(pool, ALARM_TYPE), (m) => authFit(index, pool, m));
  const { open, wrong, why } = fitted;
  const alarms: AlarmView[] = [];
  for (const a of fitted.alarms) {
    const d = authDirection(index, a);
    if (d === true) alarms.push(a);
    else if ('wrong' in d) wrong.push({ view: a, why: d.wrong, never: true });
    else { open.push(a); why.set(a, d.open); }
  }
  for (const m of poolLogMetrics(pool, index)) {
    const found = alarmsOnMetric(index, m.namespace, m.name, m.dims);
    alarms.push(...found.alarms);
    open.push(...found.open);
    wrong.push(...found.wrong);
    for (const [view, w] of found.why) why.set(view, w);
  }
  const seen = new Set<string>();
  const once = (v: AlarmView) => !seen.has(v.alarm.logicalId) && !!seen.add(v.alarm.logicalId);
  const kept = { alarms: alarms.filter(once), open: open.filter(once) };
  return { ...kept, wrong: wrong.filter((w) => !seen.has(w.view.alarm.logicalId)), why };
}
