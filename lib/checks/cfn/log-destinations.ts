import { ContainerDefinition } from './environment';
import { CfnResource, TemplateIndex, V, Val } from '../template-index';

/**
 * Where a Lambda function or a container sends its logs, in the current world.
 * - `group`: a log group of this template (its retention and encryption are checked on the group);
 * - `implicit`: Lambda's default /aws/lambda/<name> group, created on first invocation, outside the
 *   stack (never expires, not encrypted with a customer key) — `retention` is a Custom::LogRetention
 *   that sets its retention, if any;
 * - `external`: a destination outside this template (named group, other log driver);
 * - `unknown`: decided at deploy time;
 * - `none`: the container has no log configuration (its output is lost).
 * @internal
 */
export type LogDestination =
  | { k: 'group'; group: CfnResource; property: string }
  | { k: 'implicit'; retention?: CfnResource; property: string }
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
 * The log group of this template whose name has this text, in the current
 * world; `unknown` (with the group) when no group has it but a group's name is
 * decided at deploy time, so it may.
 */
function groupNamed(text: string, index: TemplateIndex): { group?: CfnResource; open?: CfnResource } {
  let open: CfnResource | undefined;
  for (const g of index.ofType('AWS::Logs::LogGroup')) {
    const n = index.prop(g, 'LogGroupName');
    if (nameText(n) === text) return { group: g };
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
  if (v.k === 'unknown') return { k: 'unknown', why: v.why, property };
  const text = nameText(v);
  if (text === undefined) return { k: 'external', what: `log group ${V.show(v)}, not defined in this template`, property };
  // `${Group}` is the group's name (Ref of a log group); any other text is looked up by name.
  const ref = v.k === 'expr' ? v.refs.find((r) => r.type === 'AWS::Logs::LogGroup' && text === `\${${r.logicalId}}`) : undefined;
  if (ref) return { k: 'group', group: ref, property };
  const found = groupNamed(text, index);
  if (found.group) return { k: 'group', group: found.group, property };
  if (found.open) return { k: 'unknown', why: `log group ${text} may be ${found.open.logicalId}, whose name is decided at deploy time`, property };
  return { k: 'external', what: `log group ${text}, not defined in this template`, property };
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
  const fnText = nameText(fnName);
  const defaults = [`/aws/lambda/\${${fn.logicalId}}`, ...(fnText !== undefined ? [`/aws/lambda/${fnText}`] : [])];
  const isDefault = (v: Val) => { const t = nameText(v); return t !== undefined && defaults.includes(t); };
  const groups = index.ofType('AWS::Logs::LogGroup');
  const declared = groups.find((g) => isDefault(index.prop(g, 'LogGroupName')));
  if (declared) return { k: 'group', group: declared, property: 'Properties.FunctionName' };
  const open = groups.find((g) => index.prop(g, 'LogGroupName').k === 'unknown');
  if (open) {
    const why = fnName.k === 'unknown' ? `the function's name and log group ${open.logicalId}'s name are decided at deploy time` : `log group ${open.logicalId}'s name is decided at deploy time`;
    return { k: 'unknown', why: `${why}: it may be the function's /aws/lambda group`, property: 'Properties.FunctionName' };
  }
  const retention = index.referrers(fn, 'Custom::LogRetention').find((r) => isDefault(index.prop(r, 'LogGroupName')));
  if (!retention && fnName.k === 'unknown') {
    const setter = index.ofType('Custom::LogRetention').find((r) => index.prop(r, 'LogGroupName').k === 'unknown');
    if (setter) return { k: 'unknown', why: `the function's name and ${setter.logicalId}'s log group are decided at deploy time`, property: 'Properties.FunctionName' };
  }
  return { k: 'implicit', retention, property };
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
  if (d === 'awslogs') return fromName(index.field(conf, 'Options.awslogs-group'), `${base}.Options.awslogs-group`, index);
  if (d === 'awsfirelens') {
    const out = V.str(index.field(conf, 'Options.Name')) ?? '';
    if (/^cloudwatch(_logs)?$/.test(out)) return fromName(index.field(conf, 'Options.log_group_name'), `${base}.Options.log_group_name`, index);
    return { k: 'external', what: `FireLens output ${out || '(unnamed)'}`, property: `${base}.Options.Name` };
  }
  return { k: 'external', what: `${d || '(no)'} log driver`, property: `${base}.LogDriver` };
}
