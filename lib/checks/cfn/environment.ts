/* eslint-disable @typescript-eslint/no-explicit-any */
import { isServiceFunction } from './service-compute';
import { CfnResource, TemplateIndex, Val, V } from '../template-index';

/**
 * The environment of one unit of compute: a Lambda function, or one container
 * of an ECS task definition. Shared by the config, logging and secrets rules.
 * @internal
 */
export interface EnvSource {
  /** `function Fn` or `container app`, for messages. */
  readonly label: string;
  /** Property path of the variables, for evidence. */
  readonly path: string;
  /** Variable name → value (intrinsics followed). */
  readonly vars: Map<string, Val>;
  /** Set when the variables as a whole are computed at deploy time. */
  readonly unknown?: string;
  /** The container also loads environment files (S3): an absent name may be set there. */
  readonly envFiles: boolean;
  /** The raw container definition (ECS only). */
  readonly container?: any;
  /** Position of the container in ContainerDefinitions (ECS only). */
  readonly position?: number;
}

const SIDECAR = /xray|x-ray|aws-otel|otel-?collector|opentelemetry|adot|fluent-?bit|fluentd|firelens|log-?router|envoy|appmesh|datadog|cloudwatch-agent|newrelic/i;

/** Whether a task definition runs an ECS service of this template. @internal */
export function isServiceTaskDefinition(td: CfnResource, index: TemplateIndex): boolean {
  return index.referrers(td, 'AWS::ECS::Service').length > 0;
}

/** The container definitions of a task definition, raw, with their positions. @internal */
export function containers(td: CfnResource, index: TemplateIndex): { def: any; position: number }[] {
  const list = V.list(index.prop(td, 'ContainerDefinitions')) ?? [];
  return list.map((def, position) => ({ def, position })).filter((c) => c.def !== null && typeof c.def === 'object');
}

/** A container's name and image as text (for recognising sidecars). @internal */
export function containerText(def: any, index: TemplateIndex): { name: string; image: string; imageUnknown: boolean } {
  const name = V.str(index.at(def, 'Name')) ?? '';
  const img = index.at(def, 'Image');
  const image = img.k === 'lit' ? String(img.v) : img.k === 'expr' ? img.text : '';
  return { name, image, imageUnknown: img.k === 'unknown' };
}

/**
 * Whether a container is a recognisable sidecar (X-Ray daemon, ADOT/OpenTelemetry
 * collector, FireLens/Fluent Bit log router, Envoy, monitoring agents).
 * @internal
 */
export function isSidecar(def: any, index: TemplateIndex): boolean {
  if (index.at(def, 'FirelensConfiguration').k !== 'absent') return true;
  const { name, image } = containerText(def, index);
  return SIDECAR.test(name) || SIDECAR.test(image);
}

/**
 * The application containers of a task definition: essential containers that
 * are not a recognisable sidecar (all essential containers when every one looks
 * like a sidecar).
 * @internal
 */
export function appContainers(td: CfnResource, index: TemplateIndex): { def: any; position: number }[] {
  const essential = containers(td, index).filter((c) => !V.isFalse(index.at(c.def, 'Essential')));
  const apps = essential.filter((c) => !isSidecar(c.def, index));
  return apps.length > 0 ? apps : essential;
}

function lambdaEnv(fn: CfnResource, index: TemplateIndex): EnvSource {
  const path = 'Properties.Environment.Variables';
  const label = `function ${fn.logicalId}`;
  const raw = index.prop(fn, 'Environment.Variables');
  const vars = new Map<string, Val>();
  if (raw.k === 'unknown') return { label, path, vars, unknown: raw.why, envFiles: false };
  if (raw.k === 'lit' && raw.v && typeof raw.v === 'object' && !Array.isArray(raw.v)) {
    for (const [name, v] of Object.entries<any>(raw.v)) vars.set(name, index.value(v));
  }
  return { label, path, vars, envFiles: false };
}

function containerEnv(def: any, position: number, index: TemplateIndex): EnvSource {
  const name = V.str(index.at(def, 'Name')) ?? `#${position}`;
  const path = `Properties.ContainerDefinitions.${position}.Environment`;
  const label = `container ${name}`;
  const vars = new Map<string, Val>();
  const envFiles = (V.list(index.at(def, 'EnvironmentFiles')) ?? []).length > 0 || index.at(def, 'EnvironmentFiles').k === 'unknown';
  const raw = index.at(def, 'Environment');
  if (raw.k === 'unknown') return { label, path, vars, unknown: raw.why, envFiles, container: def, position };
  for (const e of V.list(raw) ?? []) {
    const n = V.str(index.at(e, 'Name'));
    if (n === undefined) {
      const nv = index.at(e, 'Name');
      if (nv.k === 'unknown') return { label, path, vars, unknown: nv.why, envFiles, container: def, position };
      continue;
    }
    vars.set(n, index.at(e, 'Value'));
  }
  return { label, path, vars, envFiles, container: def, position };
}

/**
 * The environments a resource defines: one for a Lambda function, one per
 * container for a task definition. `onlyService` restricts to service compute
 * (serving Lambda functions; the application containers of task definitions
 * that an ECS service runs) and returns `undefined` for anything else.
 * @internal
 */
export function environments(res: CfnResource, index: TemplateIndex, onlyService: boolean): EnvSource[] | undefined {
  if (res.type === 'AWS::Lambda::Function') {
    if (onlyService && !isServiceFunction(res, index)) return undefined;
    return [lambdaEnv(res, index)];
  }
  if (res.type === 'AWS::ECS::TaskDefinition') {
    if (onlyService && !isServiceTaskDefinition(res, index)) return undefined;
    const list = onlyService ? appContainers(res, index) : containers(res, index);
    return list.map((c) => containerEnv(c.def, c.position, index));
  }
  return undefined;
}

/** The variables of `env` whose name is one of `names` (case-insensitive). @internal */
export function pick(env: EnvSource, names: string[]): [string, Val][] {
  const wanted = new Set(names.map((n) => n.toUpperCase()));
  return [...env.vars.entries()].filter(([n]) => wanted.has(n.toUpperCase()));
}

/** Service compute types the config and logging rules are dispatched to. @internal */
export const SERVICE_COMPUTE_TYPES = ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition'];
