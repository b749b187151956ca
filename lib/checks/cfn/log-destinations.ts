import { ContainerDefinition } from './environment';
import { Verdict, fail, pass, unknown } from '../rule';
import { CfnResource, pseudoMark, refMark, TemplateIndex, V, Val } from '../template-index';
import { inStackRegion, padded } from './names';
import { candidates, keyedIndex } from './keyed';

/**
 * Where a Lambda function or a container sends its logs, in the current world.
 * - `group`: a log group of this template (its retention and encryption are checked on the group);
 * - `implicit`: the default group the service creates itself outside the stack (never expires, not encrypted
 *   with a customer key): Lambda's /aws/lambda/<name> (on first invocation), AppSync's
 *   /aws/appsync/apis/<api id>; `name` says which, `fix` how to manage it, and `retention` is a
 *   Custom::LogRetention that sets its retention, if any;
 * - `external`: a destination outside this template (named group, other log driver, a group of another region
 *   than the stack's: `awslogs-region`, FireLens `region`);
 * - `unknown`: decided at deploy time;
 * - `none`: the container has no log configuration (its output is lost).
 * @internal
 */
export type LogDestination =
  | { k: 'group'; group: CfnResource; property: string }
  | { k: 'implicit'; name: string; fix: string; retention?: CfnResource; property: string }
  | { k: 'external'; what: string; property: string }
  | { k: 'unknown'; why: string; property: string }
  | { k: 'none'; property: string };

/**
 * The text of a log group name: a literal, or the text of an Fn::Sub / Fn::Join
 * over resources and pseudo parameters (`/ecs/${AWS::StackName}/web`). Two
 * names with the same text are the same name at deploy time. Undefined when
 * the name is decided at deploy time, absent, or not a string.
 */
function nameText(v: Val): string | undefined {
  if (v.k === 'expr') return v.text;
  return v.k === 'lit' ? V.str(v) : undefined;
}

/**
 * What a log group name is compared by: its text (see `nameText`), or, for a
 * name decided at deploy time that is one pseudo parameter alone
 * (`!Ref AWS::StackName`: its mark, `pseudoMark`, as Fn::Sub places it)
 * or one template parameter alone (`!Ref Name`), that expression: the same
 * expression on both sides is the same name in every world. Two different
 * parameters may or may not be equal, and a parameter among other text has no
 * key: undefined, decided at deploy time.
 */
function nameKey(v: Val): string | undefined {
  if (v.k !== 'unknown') return nameText(v);
  if (v.why.startsWith('pseudo parameter ')) return pseudoMark(v.why.substring('pseudo parameter '.length));
  return v.param !== undefined && v.params === undefined ? `\u0000parameter ${v.param}` : undefined;
}

/**
 * The log group of this template whose name has this text, in the current
 * world; `unknown` (with the group) when no group has it but a group's name is
 * decided at deploy time, so it may.
 */
function groupNamed(text: string, index: TemplateIndex): { group?: CfnResource; open?: CfnResource } {
  let open: CfnResource | undefined;
  for (const g of index.ofType('AWS::Logs::LogGroup')) {
    const n = index.prop(g, 'LogGroupName');
    if (nameKey(n) === text) return { group: g };
    if (n.k === 'unknown' && !open) open = g;
  }
  return { open };
}

/** The log group of this template with this name (literal or Sub/Join text), in the current world. @internal */
export function logGroupNamed(name: string, index: TemplateIndex): CfnResource | undefined {
  return groupNamed(name, index).group;
}

function fromName(v: Val, property: string, index: TemplateIndex): LogDestination {
  if (v.k === 'ref' && v.target.type === 'AWS::Logs::LogGroup') return { k: 'group', group: v.target, property };
  if (v.k === 'unknown') {
    // The same expression as a group's name (`!Ref AWS::StackName`, `!Ref Param` on both sides) names that group.
    const key = nameKey(v);
    const same = key !== undefined ? groupNamed(key, index).group : undefined;
    return same ? { k: 'group', group: same, property } : { k: 'unknown', why: v.why, property };
  }
  const text = nameText(v);
  if (text === undefined) return { k: 'external', what: `log group ${V.show(v)}, not defined in this template`, property };
  // `${Group}` placed by Fn::Sub / Fn::Join (`refMark`) is the group's name (Ref of a log group); any other text is looked up by name.
  const ref = v.k === 'expr' ? v.refs.find((r) => r.type === 'AWS::Logs::LogGroup' && text === refMark(r.logicalId)) : undefined;
  if (ref) return { k: 'group', group: ref, property };
  const found = groupNamed(text, index);
  if (found.group) return { k: 'group', group: found.group, property };
  if (found.open) return { k: 'unknown', why: `log group ${text} may be ${found.open.logicalId}, whose name is decided at deploy time`, property };
  return { k: 'external', what: `log group ${text}, not defined in this template`, property };
}

/**
 * Where a service that writes to a default group named after itself sends its logs: a log group of the template
 * whose name has one of the texts `names` manages it; when a log group's name is decided at deploy time it may be
 * that group (unknown, never a guess); else the service's own group (`implicit`), with the Custom::LogRetention
 * referring to `owner` that names it, if any. `ownerOpen`: the owner's own name is decided at deploy time, so a
 * Custom::LogRetention whose group is decided at deploy time may name its group.
 */
function defaultGroup(owner: CfnResource, names: string[], ownerOpen: boolean, d: { name: string; fix: string; what: string; property: string; implicitProperty: string }, index: TemplateIndex): LogDestination {
  const isDefault = (v: Val) => { const t = nameText(v); return t !== undefined && names.includes(t); };
  // The groups that may bear one of the names (by their name's text in some world, or a name decided at deploy
  // time), in `ofType` order: a lookup, not a read of every group for each function or API (`cfn/keyed.ts`).
  const byName = keyedIndex(index, 'log-groups-by-name-text', ['AWS::Logs::LogGroup'], (g) => {
    const n = index.prop(g, 'LogGroupName');
    if (n.k === 'unknown') return 'any';
    const t = nameText(n);
    return t === undefined ? [] : [t];
  });
  const groups = candidates(index, byName, names);
  const declared = groups.find((g) => isDefault(index.prop(g, 'LogGroupName')));
  if (declared) return { k: 'group', group: declared, property: d.property };
  const open = groups.find((g) => index.prop(g, 'LogGroupName').k === 'unknown');
  if (open) {
    const why = ownerOpen ? `the ${d.what}'s name and log group ${open.logicalId}'s name are decided at deploy time` : `log group ${open.logicalId}'s name is decided at deploy time`;
    return { k: 'unknown', why: `${why}: it may be the ${d.what}'s ${d.name.split('/<')[0]} group`, property: d.property };
  }
  const retention = index.referrers(owner, 'Custom::LogRetention').find((r) => isDefault(index.prop(r, 'LogGroupName')));
  if (!retention && ownerOpen) {
    const setter = index.ofType('Custom::LogRetention').find((r) => index.prop(r, 'LogGroupName').k === 'unknown');
    if (setter) return { k: 'unknown', why: `the ${d.what}'s name and ${setter.logicalId}'s log group are decided at deploy time`, property: d.property };
  }
  return { k: 'implicit', name: d.name, fix: d.fix, retention, property: d.implicitProperty };
}

/**
 * Where a Lambda function's logs go. Without `LoggingConfig.LogGroup` they go
 * to `/aws/lambda/<FunctionName>`: a log group of the template with that name
 * (`!Sub /aws/lambda/${Fn}`, or the same text as the function's name) manages
 * it. When a log group's name is decided at deploy time it may be that group:
 * unknown, never a guess.
 * @internal
 */
export function lambdaLogDestination(fn: CfnResource, index: TemplateIndex): LogDestination {
  const property = 'Properties.LoggingConfig.LogGroup';
  const lg = index.prop(fn, 'LoggingConfig.LogGroup');
  if (lg.k !== 'absent') return fromName(lg, property, index);
  const fnName = index.prop(fn, 'FunctionName');
  const fnText = nameKey(fnName);
  // `${Fn}` as Fn::Sub / Fn::Join place it (`refMark`): `/aws/lambda/${Fn}` written as text names no function's group.
  const names = [`/aws/lambda/${refMark(fn.logicalId)}`, ...(fnText !== undefined ? [`/aws/lambda/${fnText}`] : [])];
  return defaultGroup(fn, names, fnName.k === 'unknown', {
    name: '/aws/lambda/<name>', fix: 'set logGroup to a LogGroup with retention and a KMS key', what: 'function',
    property: 'Properties.FunctionName', implicitProperty: property,
  }, index);
}

/** An AppSync Event API (`AWS::AppSync::Api`). @internal */
export const APPSYNC_EVENT_API = 'AWS::AppSync::Api';

/**
 * An AppSync API's logging configuration: a GraphQL API's `LogConfig` (level `FieldLogLevel`), an Event API's
 * `EventConfig.LogConfig` (level `LogLevel`). Both name a `CloudWatchLogsRoleArn` AppSync assumes to write
 * `/aws/appsync/apis/<api id>` (AppSync Events Developer Guide, "Configuring CloudWatch Logs on Event APIs").
 * @internal
 */
export function appsyncLogConfig(index: TemplateIndex, api: CfnResource): { config: Val; path: string; levelField: string; what: string } {
  if (api.type === APPSYNC_EVENT_API) {
    const event = index.prop(api, 'EventConfig');
    return { config: index.field(event, 'LogConfig'), path: 'Properties.EventConfig.LogConfig', levelField: 'LogLevel', what: `Event API ${api.logicalId}` };
  }
  return { config: index.prop(api, 'LogConfig'), path: 'Properties.LogConfig', levelField: 'FieldLogLevel', what: `GraphQL API ${api.logicalId}` };
}

/**
 * Where an AppSync GraphQL or Event API's logs go, when it writes any (a `LogConfig` naming a `CloudWatchLogsRoleArn`;
 * AppSyncAccessLogs judges whether the role can write): always to `/aws/appsync/apis/<api id>`, which AppSync
 * creates itself (never expires, not encrypted with a customer key) unless the template creates a log group of that
 * name (`!Sub /aws/appsync/apis/${Api.ApiId}`). A Custom::LogRetention naming that group (CDK's
 * `logConfig.retention`) sets its retention. Undefined when the API writes no logs.
 * @internal
 */
export function appsyncLogDestination(api: CfnResource, index: TemplateIndex): LogDestination | undefined {
  const { config, path: property } = appsyncLogConfig(index, api);
  if (config.k === 'absent') return undefined;
  if (config.k === 'unknown') return { k: 'unknown', why: config.why, property };
  if (index.field(config, 'CloudWatchLogsRoleArn').k === 'absent') return undefined;
  return defaultGroup(api, [`/aws/appsync/apis/${refMark(api.logicalId, 'ApiId')}`], false, {
    name: '/aws/appsync/apis/<api id>', fix: `add a LogGroup named /aws/appsync/apis/\${${api.logicalId}.ApiId} with retention and a KMS key`, what: 'API',
    property, implicitProperty: property,
  }, index);
}

/**
 * Where a log driver's region option sends the logs when it is not the stack's region: the driver writes to a
 * group of that name in that region (created there by `awslogs-create-group`), never to the group of this
 * template. Undefined when the logs stay in the stack's region (no option, `AWS::Region` placed by Ref / Fn::Sub /
 * Fn::Join, or the stack's region when it is known); `unknown` when the option is decided at deploy time, or is a
 * literal region while the stack's region is not known (a template checked alone). `${AWS::Region}` written in a
 * plain string or an Fn::Join piece is left as written by CloudFormation (`inStackRegion`): no region, external. A
 * region with white space around it is `unknown`: whether the driver trims it is not documented.
 */
function otherRegion(index: TemplateIndex, v: Val, property: string, what: string): LogDestination | undefined {
  if (v.k === 'absent') return undefined;
  if (v.k === 'unknown') return v.why === 'pseudo parameter AWS::Region' ? undefined : { k: 'unknown', why: `${what} is decided at deploy time (${v.why})`, property };
  const text = nameText(v);
  if (text === undefined) return { k: 'unknown', why: `${what} (${V.show(v)}) is decided at deploy time`, property };
  const own = index.pseudo.region;
  const here = inStackRegion(text, own);
  if (here === true) return undefined;
  if (here === false && text.includes('${')) return { k: 'external', what: `region ${text.trim()} as written (${what}: CloudFormation substitutes it only in Fn::Sub), which is no region: no log group of this template`, property };
  if (here === 'open') {
    if (padded(text)) return { k: 'unknown', why: `${what} is "${text}", with white space around it: whether the driver reads it as region ${text.trim()} (and the logs reach this template's log group) is not documented`, property };
    if (text.includes('${')) return { k: 'unknown', why: `${what} (${V.show(v)}) is decided at deploy time`, property };
    return { k: 'unknown', why: `${what} is ${text}, and the stack's region is not known: whether the logs reach this template's log group cannot be told`, property };
  }
  return { k: 'external', what: `a log group in region ${text.trim()} (${what}; the stack is in ${own}), not this template's`, property };
}

/** Where a container's logs go (`def` is the container definition, read with `index.at`). @internal */
export function containerLogDestination(def: ContainerDefinition, position: number, index: TemplateIndex): LogDestination {
  const base = `Properties.ContainerDefinitions.${position}.LogConfiguration`;
  const conf = index.at(def, 'LogConfiguration');
  if (conf.k === 'absent') return { k: 'none', property: base };
  if (conf.k === 'unknown') return { k: 'unknown', why: conf.why, property: base };
  const driver = index.field(conf, 'LogDriver');
  if (driver.k === 'unknown') return { k: 'unknown', why: driver.why, property: `${base}.LogDriver` };
  const d = V.str(driver) ?? '';
  if (d === 'awslogs') {
    const elsewhere = otherRegion(index, index.field(conf, 'Options.awslogs-region'), `${base}.Options.awslogs-region`, 'awslogs-region');
    return elsewhere ?? fromName(index.field(conf, 'Options.awslogs-group'), `${base}.Options.awslogs-group`, index);
  }
  if (d === 'awsfirelens') {
    const out = V.str(index.field(conf, 'Options.Name')) ?? '';
    if (/^cloudwatch(_logs)?$/.test(out)) {
      const elsewhere = otherRegion(index, index.field(conf, 'Options.region'), `${base}.Options.region`, 'the FireLens output\'s region');
      return elsewhere ?? fromName(index.field(conf, 'Options.log_group_name'), `${base}.Options.log_group_name`, index);
    }
    return { k: 'external', what: `FireLens output ${out || '(unnamed)'}`, property: `${base}.Options.Name` };
  }
  return { k: 'external', what: `${d || '(no)'} log driver`, property: `${base}.LogDriver` };
}

/**
 * Where the keys of a service's log objects in a bucket begin: `text`, then,
 * when `open` is set, more text decided at deploy time (`open` says why).
 * A list of them is a set of alternatives: the service writes under one of
 * them, which one the checker cannot tell.
 * @internal
 */
export interface LogKeys { readonly text: string; readonly open?: string }

/** The start of a key a prefix value gives: absent is the bucket root; a computed prefix is known up to its first `${`. */
function keysFrom(v: Val, what: string): LogKeys {
  if (v.k === 'absent') return { text: '' };
  const s = v.k === 'lit' ? V.str(v) : undefined;
  if (s !== undefined) return { text: s };
  if (v.k === 'expr') {
    const hole = v.text.indexOf('${');
    return hole < 0 ? { text: v.text } : { text: v.text.substring(0, hole), open: `${what} ${v.text} is computed at deploy time` };
  }
  return { text: '', open: v.k === 'unknown' ? `${what} decided at deploy time (${v.why})` : `${what} ${V.show(v)} is computed at deploy time` };
}

/** The log keys of a service that writes `<prefix>` + its own file names (CloudFront standard logs: `Logging.Prefix`). @internal */
export function logKeysAt(prefix: Val, what: string): LogKeys[] {
  return [keysFrom(prefix, what)];
}

/**
 * The log keys of a service that writes under `<prefix>/AWSLogs/` (CloudTrail's
 * `S3KeyPrefix`, the load balancers' `access_logs.s3.prefix`), or `AWSLogs/`
 * without a prefix. A prefix ending in `/` may or may not be followed by a
 * second `/`: both are kept as alternatives.
 * @internal
 */
export function logKeysUnderAwsLogs(prefix: Val, what: string): LogKeys[] {
  const k = keysFrom(prefix, what);
  if (k.open !== undefined) return [k];
  if (k.text === '') return [{ text: 'AWSLogs/' }];
  return k.text.endsWith('/') ? [{ text: `${k.text}AWSLogs/` }, { text: `${k.text}/AWSLogs/` }] : [{ text: `${k.text}/AWSLogs/` }];
}

/** Whether something holds: yes, no, or open (decided at deploy time, with why). */
type Tri = { k: 'yes' } | { k: 'no' } | { k: 'open'; why: string };
const YES: Tri = { k: 'yes' };
const NO: Tri = { k: 'no' };

/** Yes when both are yes; no when one is no; else open. */
function both(a: Tri, b: Tri): Tri {
  if (a.k === 'no' || b.k === 'no') return NO;
  return a.k === 'open' ? a : b;
}

/**
 * Whether a lifecycle rule's key prefix `p` takes in the log objects: yes when
 * every log key starts with it, no when no log key can, open when only some
 * may (the prefix reaches past the known start of the log keys).
 */
function prefixTakes(p: string, logs: LogKeys[]): Tri {
  const one = (l: LogKeys): Tri => {
    if (l.text.startsWith(p)) return YES;
    if (!p.startsWith(l.text)) return NO;
    return { k: 'open', why: l.open ?? `the rule's prefix ${p} reaches past the log keys' prefix ${l.text || '(bucket root)'}: it takes only some log files` };
  };
  const all = logs.map(one);
  if (all.every((t) => t.k === 'yes')) return YES;
  if (all.every((t) => t.k === 'no')) return NO;
  return all.find((t): t is Extract<Tri, { k: 'open' }> => t.k === 'open')
    ?? { k: 'open', why: `the log keys start with one of ${logs.map((l) => l.text).join(', ')}, and the rule's prefix ${p} takes only some of them` };
}

/** Whether a lifecycle rule's filter takes in the log objects. Without `logs`, the log keys are not known: a prefix filter is open. */
function ruleTakes(index: TemplateIndex, rule: Val, logs: LogKeys[] | undefined, name: string): Tri {
  let out: Tri = YES;
  // Log files are written by the service without object tags: a rule filtered on tags never takes them.
  for (const key of ['TagFilters', 'Filter.Tag', 'Filter.And.Tags']) {
    const tags = index.field(rule, key);
    if (tags.k === 'absent') continue;
    if (tags.k === 'unknown') { out = both(out, { k: 'open', why: `the tag filter of ${name} is decided at deploy time (${tags.why})` }); continue; }
    const entries = key === 'Filter.Tag' ? (tags.k === 'lit' ? [tags] : undefined) : index.items(tags);
    if (entries === undefined) out = both(out, { k: 'open', why: `the tag filter of ${name} is computed at deploy time` });
    else if (entries.length > 0) return NO;
  }
  for (const key of ['Prefix', 'Filter.Prefix', 'Filter.And.Prefix']) {
    const p = index.field(rule, key);
    if (p.k === 'absent') continue;
    const text = p.k === 'lit' ? V.str(p) : undefined;
    if (text === undefined) {
      out = both(out, { k: 'open', why: p.k === 'unknown' ? `the prefix of ${name} is decided at deploy time (${p.why})` : `the prefix of ${name} (${V.show(p)}) is computed at deploy time` });
      continue;
    }
    if (text === '') continue;
    out = both(out, logs === undefined ? { k: 'open', why: `${name} is filtered to prefix ${text} and the log files' prefix is not known` } : prefixTakes(text, logs));
  }
  return out;
}

/** What a lifecycle rule does to the objects it takes: deletes them before `keeps` allows (why), not, or open. */
function expires(index: TemplateIndex, rule: Val, keeps: (days: number) => boolean, name: string): { k: 'short'; why: string; value: string } | { k: 'keeps'; days?: number } | { k: 'open'; why: string } {
  const date = index.field(rule, 'ExpirationDate');
  // A date expires every object the rule takes from that day on, whatever its age (and at once when it is past).
  if (date.k !== 'absent' && (date.k !== 'unknown' || date.param !== undefined)) return { k: 'short', value: V.show(date), why: `${name} deletes every log file from ${V.show(date)} on (ExpirationDate)` };
  if (date.k === 'unknown') return { k: 'open', why: `the ExpirationDate of ${name} is decided at deploy time (${date.why})` };
  const days = index.field(rule, 'ExpirationInDays');
  if (days.k === 'unknown') return { k: 'open', why: `the ExpirationInDays of ${name} is decided at deploy time (${days.why})` };
  const n = V.num(days);
  if (n !== undefined && !keeps(n)) return { k: 'short', value: String(n), why: `${name} expires log files after ${n} days` };
  return { k: 'keeps', days: n };
}

/**
 * The verdict on a log bucket's lifecycle: no enabled rule whose filter can
 * take the log objects (keys starting with one of `logs`) deletes them before
 * `keeps` allows. `ExpirationInDays` below the threshold and any
 * `ExpirationDate` (a date deletes every object the rule takes from that day
 * on) are short. Disabled rules, rules whose prefix no log key can start with,
 * and rules filtered on object tags (the services write log files untagged) do
 * not apply. A status, filter, prefix or expiration decided at deploy time,
 * on a rule that would otherwise apply and expire logs too soon, is unknown,
 * naming it; so is a rule prefix reaching past the known start of the log
 * keys (it takes only some log files). `logs` undefined: the log keys are not
 * read for this service, and every prefix filter is open. With `needsRule`,
 * an enabled rule must apply to the logs (none: logs are never expired or
 * archived).
 * @internal
 */
export function logBucketLifecycle(index: TemplateIndex, bucket: CfnResource, logs: LogKeys[] | undefined, keeps: (days: number) => boolean, opts: { property: string; label: string; threshold: string; needsRule: boolean }): Verdict {
  const { property, label, threshold } = opts;
  const rules = index.prop(bucket, 'LifecycleConfiguration.Rules');
  if (rules.k === 'unknown') return unknown(property, rules, `${label}: lifecycle decided at deploy time (${rules.why})`);
  if (rules.k !== 'absent' && rules.k !== 'lit') return unknown(property, rules, `${label}: lifecycle rules computed at deploy time`);
  const short: string[] = [];
  const values: string[] = [];
  const open: string[] = [];
  let applying = 0;
  let openApplying: string | undefined;
  let shortest: number | undefined;
  (index.items(rules) ?? []).forEach((rule, i) => {
    const id = index.field(rule, 'Id');
    const name = `lifecycle rule ${id.k === 'lit' ? V.show(id) : i}`;
    const status = index.field(rule, 'Status');
    const on: Tri = status.k === 'unknown' ? { k: 'open', why: `the status of ${name} is decided at deploy time (${status.why})` }
      : V.str(status) === 'Enabled' ? YES : NO;
    const takes = both(on, ruleTakes(index, rule, logs, name));
    if (takes.k === 'no') return;
    if (takes.k === 'yes') applying++;
    else openApplying ??= takes.why;
    const e = expires(index, rule, keeps, name);
    if (e.k === 'keeps') {
      if (takes.k === 'yes' && e.days !== undefined && (shortest === undefined || e.days < shortest)) shortest = e.days;
      return;
    }
    if (e.k === 'open') open.push(takes.k === 'open' ? `${e.why}; ${takes.why}` : e.why);
    else if (takes.k === 'yes') { short.push(e.why); values.push(e.value); }
    else open.push(`${e.why} if it applies: ${takes.why}`);
  });
  if (short.length > 0) return fail(property, values.join(', '), `${label}: ${short.join('; ')}, ${threshold}`);
  if (open.length > 0) return unknown(property, `${applying} rule(s)`, `${label}: whether logs are kept long enough is decided at deploy time: ${open.join('; ')}`);
  if (opts.needsRule && applying === 0) {
    if (openApplying !== undefined) return unknown(property, rules, `${label}: whether a lifecycle rule applies to the logs is decided at deploy time (${openApplying})`);
    return fail(property, rules, `${label} has no enabled lifecycle rule for its logs: logs are never expired or archived`);
  }
  return pass(property, `${applying} rule(s)`, `${label} keeps logs ${shortest === undefined ? 'until deleted' : `${shortest} days`} (${threshold})`);
}
