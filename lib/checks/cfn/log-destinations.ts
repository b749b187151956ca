/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, V, Val } from '../template-index';

/**
 * Where a Lambda function or a container sends its logs.
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

/** The log group of this template with this literal name. @internal */
export function logGroupNamed(name: string, index: TemplateIndex): CfnResource | undefined {
  return index.ofType('AWS::Logs::LogGroup').find((g) => V.str(index.prop(g, 'LogGroupName')) === name);
}

function fromName(v: Val, property: string, index: TemplateIndex): LogDestination {
  if (v.k === 'ref' && v.target.type === 'AWS::Logs::LogGroup') return { k: 'group', group: v.target, property };
  if (v.k === 'expr') {
    const g = v.refs.find((r) => r.type === 'AWS::Logs::LogGroup');
    if (g) return { k: 'group', group: g, property };
  }
  if (v.k === 'unknown') return { k: 'unknown', why: v.why, property };
  const name = V.str(v) ?? V.show(v);
  const g = v.k === 'lit' ? logGroupNamed(name, index) : undefined;
  return g ? { k: 'group', group: g, property } : { k: 'external', what: `log group ${name}, not defined in this template`, property };
}

/** Whether `name` is the default log group name of function `fn`. */
function isDefaultGroupName(v: Val, fn: CfnResource, fnName: string | undefined): boolean {
  if (v.k === 'expr') return v.text === `/aws/lambda/\${${fn.logicalId}}`;
  return v.k === 'lit' && fnName !== undefined && v.v === `/aws/lambda/${fnName}`;
}

/** Where a Lambda function's logs go. @internal */
export function lambdaLogDestination(fn: CfnResource, index: TemplateIndex): LogDestination {
  const property = 'Properties.LoggingConfig.LogGroup';
  const lg = index.prop(fn, 'LoggingConfig.LogGroup');
  if (lg.k !== 'absent') return fromName(lg, property, index);
  // No LoggingConfig.LogGroup: the default /aws/lambda/<name> group, unless the template declares it.
  const fnName = V.str(index.prop(fn, 'FunctionName'));
  const declared = index.referrers(fn, 'AWS::Logs::LogGroup').find((g) => isDefaultGroupName(index.prop(g, 'LogGroupName'), fn, fnName))
    ?? (fnName !== undefined ? logGroupNamed(`/aws/lambda/${fnName}`, index) : undefined);
  if (declared) return { k: 'group', group: declared, property: 'Properties.FunctionName' };
  const retention = index.referrers(fn, 'Custom::LogRetention').find((r) => isDefaultGroupName(index.prop(r, 'LogGroupName'), fn, fnName));
  return { k: 'implicit', retention, property };
}

/** Where a container's logs go. @internal */
export function containerLogDestination(def: any, position: number, index: TemplateIndex): LogDestination {
  const base = `Properties.ContainerDefinitions.${position}.LogConfiguration`;
  const conf = index.at(def, 'LogConfiguration');
  if (conf.k === 'absent') return { k: 'none', property: base };
  if (conf.k === 'unknown') return { k: 'unknown', why: conf.why, property: base };
  const driver = index.at(def, 'LogConfiguration.LogDriver');
  if (driver.k === 'unknown') return { k: 'unknown', why: driver.why, property: `${base}.LogDriver` };
  const d = V.str(driver) ?? '';
  if (d === 'awslogs') return fromName(index.at(def, 'LogConfiguration.Options.awslogs-group'), `${base}.Options.awslogs-group`, index);
  if (d === 'awsfirelens') {
    const out = V.str(index.at(def, 'LogConfiguration.Options.Name')) ?? '';
    if (/^cloudwatch(_logs)?$/.test(out)) return fromName(index.at(def, 'LogConfiguration.Options.log_group_name'), `${base}.Options.log_group_name`, index);
    return { k: 'external', what: `FireLens output ${out || '(unnamed)'}`, property: `${base}.Options.Name` };
  }
  return { k: 'external', what: `${d || '(no)'} log driver`, property: `${base}.LogDriver` };
}
