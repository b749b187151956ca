/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, V } from '../template-index';
import { containers } from './environment';

/** One container of a task definition, for per-container rules. @internal */
export interface Container {
  readonly def: any;
  readonly position: number;
  readonly name: string;
  /** Property path of the container definition. */
  readonly path: string;
}

/** Every container of a task definition, named. @internal */
export function taskContainers(td: CfnResource, index: TemplateIndex): Container[] {
  return containers(td, index).map((c) => ({
    def: c.def,
    position: c.position,
    name: V.str(index.at(c.def, 'Name')) ?? `#${c.position}`,
    path: `Properties.ContainerDefinitions.${c.position}`,
  }));
}

/** Whether a task definition runs on Fargate (RequiresCompatibilities includes FARGATE). @internal */
export function isFargate(td: CfnResource, index: TemplateIndex): boolean {
  return (V.list(index.prop(td, 'RequiresCompatibilities')) ?? []).some((c) => V.str(index.value(c)) === 'FARGATE');
}

/**
 * A raw template value rendered as text, keeping what is literal and writing
 * `${LogicalId}` for references — including inside Fn::Select/Fn::Split, which
 * `TemplateIndex.value` treats as computed (the CDK builds ECR image URIs
 * that way). Pseudo parameters render as `${AWS::Region}`.
 * @internal
 */
export function renderText(node: any): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node === null || typeof node !== 'object') return '';
  if (Array.isArray(node)) return node.map(renderText).join(',');
  const [fn] = Object.keys(node);
  const arg = node[fn];
  switch (fn) {
    case 'Ref': return `\${${arg}}`;
    case 'Fn::GetAtt': return `\${${Array.isArray(arg) ? arg.join('.') : arg}}`;
    case 'Fn::Join': return Array.isArray(arg) && Array.isArray(arg[1]) ? arg[1].map(renderText).join(typeof arg[0] === 'string' ? arg[0] : '') : '';
    case 'Fn::Sub': return typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : '';
    case 'Fn::Select': return Array.isArray(arg) ? `\${select:${renderText(arg[1])}}` : '';
    default: return `\${${fn}}`;
  }
}
