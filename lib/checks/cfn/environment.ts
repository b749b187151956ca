import { isServiceFunction } from './service-compute';
import { CfnResource, Raw, TemplateIndex, Val, V } from '../template-index';
import { Undecidable } from '../world';

/**
 * One container definition of a task definition, in the current world: an
 * entry that is `AWS::NoValue` (or a condition branch choosing it) is no
 * container; an `Fn::If` entry is the branch the world takes.
 * - `val`: the entry, resolved (read its fields with `index.field(val, 'Name')`);
 * - `def`: the same entry as a raw object, for helpers that read with
 *   `index.at(def, path)` (kept for callers written against raw definitions);
 * - `position`: its index in ContainerDefinitions, for property paths.
 * @internal
 */
export interface ContainerEntry {
  readonly def: ContainerDefinition;
  readonly val: Val;
  readonly position: number;
}

/** A container definition object, read through `index.at(def, path)`. @internal */
export type ContainerDefinition = Raw & { readonly [field: string]: unknown };

/**
 * The environment of one unit of compute: a Lambda function, or one container
 * of an ECS task definition, in the current world. Shared by the config,
 * logging and secrets rules. Values are resolved on demand, so a rule that
 * reads only LOG_LEVEL depends only on the conditions and parameters behind
 * LOG_LEVEL (and is judged over those worlds only).
 * @internal
 */
export interface EnvSource {
  /** `function Fn` or `container app`, for messages. */
  readonly label: string;
  /** Property path of the variables, for evidence. */
  readonly path: string;
  /** The names of the variables written (a Lambda variable may still be `AWS::NoValue` in this world: read it with `value`). */
  readonly names: string[];
  /** One variable's value in this world; `absent` when it is not set. */
  value(name: string): Val;
  /** Every variable set in this world, resolved (reading it depends on every value). */
  readonly vars: Map<string, Val>;
  /** Set when the variables as a whole (or a variable's name) are computed at deploy time. */
  readonly unknown?: string;
  /** The container also loads environment files (S3): an absent name may be set there. */
  readonly envFiles: boolean;
  /** Names the container sets from Secrets Manager or SSM (`Secrets`): their values are read at run time. */
  readonly secretNames?: string[];
  /** The container definition (ECS only), read with `index.at(container, path)`. */
  readonly container?: ContainerDefinition;
  /** The container definition (ECS only), resolved: read with `index.field`. */
  readonly containerVal?: Val;
  /** Position of the container in ContainerDefinitions (ECS only). */
  readonly position?: number;
}

/**
 * An environment whose variables resolve on first read (memoized for the rest of the world). A class, not an
 * object literal spreading `base` with a getter: that made every environment a slow object, and a dozen
 * rules build one per function or container.
 */
class LazyEnv implements EnvSource {
  public readonly label: string;
  public readonly path: string;
  public readonly unknown?: string;
  public readonly envFiles: boolean;
  public readonly secretNames?: string[];
  public readonly container?: ContainerDefinition;
  public readonly containerVal?: Val;
  public readonly position?: number;
  private readonly cache = new Map<string, Val>();
  private readonly written: Set<string>;
  private all?: Map<string, Val>;

  constructor(base: Omit<EnvSource, 'names' | 'value' | 'vars'>, public readonly names: string[], private readonly resolve: (name: string) => Val) {
    this.label = base.label;
    this.path = base.path;
    this.unknown = base.unknown;
    this.envFiles = base.envFiles;
    this.secretNames = base.secretNames;
    this.container = base.container;
    this.containerVal = base.containerVal;
    this.position = base.position;
    this.written = new Set(names);
  }

  /** One variable's value in this world (a property, so that it may be passed on as a function). */
  public readonly value = (name: string): Val => {
    let v = this.cache.get(name);
    if (v === undefined) this.cache.set(name, (v = this.written.has(name) ? this.resolve(name) : { k: 'absent' }));
    return v;
  };

  public get vars(): Map<string, Val> {
    if (!this.all) {
      this.all = new Map<string, Val>();
      for (const n of this.names) {
        const v = this.value(n);
        if (v.k !== 'absent') this.all.set(n, v);
      }
    }
    return this.all;
  }
}


const SIDECAR = /xray|x-ray|aws-otel|otel-?collector|opentelemetry|adot|fluent-?bit|fluentd|firelens|log-?router|envoy|appmesh|datadog|cloudwatch-agent|newrelic/i;

/** Whether a task definition runs an ECS service of this template. @internal */
export function isServiceTaskDefinition(td: CfnResource, index: TemplateIndex): boolean {
  return index.referrers(td, 'AWS::ECS::Service').length > 0;
}

/** The object a resolved value holds (its children still raw: read them with `index.at`); undefined when it is not an object. */
function objectOf(v: Val): ContainerDefinition | undefined {
  return v.k === 'lit' && v.v !== null && typeof v.v === 'object' && !Array.isArray(v.v) ? v.v as ContainerDefinition : undefined;
}

/**
 * The container definitions of a task definition in the current world, with
 * their positions. A definition the template cannot decide (an import, an
 * unmodelled function) makes the rule undecidable in this world: it is never
 * skipped.
 * @internal
 */
export function containers(td: CfnResource, index: TemplateIndex): ContainerEntry[] {
  const out: ContainerEntry[] = [];
  for (const { val, position } of listEntries(index, index.prop(td, 'ContainerDefinitions'))) {
    if (val.k === 'unknown') throw new Undecidable(`container definition ${position} of ${td.logicalId} is computed at deploy time (${val.why})`);
    const def = objectOf(val);
    if (def) out.push({ def, val, position });
  }
  return out;
}

/**
 * The entries of a list value in the current world with their positions in
 * the list as written (for property paths): entries that are `AWS::NoValue`
 * are dropped, an `Fn::If` entry is the branch the world takes. A list decided
 * at deploy time is undecidable (the strict `V.list` throws).
 * @internal
 */
export function listEntries(index: TemplateIndex, list: Val): { val: Val; position: number }[] {
  const out: { val: Val; position: number }[] = [];
  const n = V.list(list)?.length ?? 0;
  for (let position = 0; position < n; position++) {
    const val = index.field(list, String(position));
    if (val.k !== 'absent') out.push({ val, position });
  }
  return out;
}

/** A container's name and image as text (for recognising sidecars). @internal */
export function containerText(val: Val, index: TemplateIndex): { name: string; image: string; imageUnknown: boolean } {
  const n = index.field(val, 'Name');
  const name = n.k === 'lit' ? V.str(n) ?? '' : '';
  const img = index.field(val, 'Image');
  const image = img.k === 'lit' ? V.str(img) ?? '' : img.k === 'expr' ? img.text : '';
  return { name, image, imageUnknown: img.k === 'unknown' };
}

/** A container's name, or `#<position>`. @internal */
export function containerName(c: ContainerEntry, index: TemplateIndex): string {
  const n = index.field(c.val, 'Name');
  return (n.k === 'lit' ? V.str(n) : undefined) ?? `#${c.position}`;
}

/**
 * Whether a container is a recognisable sidecar (X-Ray daemon, ADOT/OpenTelemetry
 * collector, FireLens/Fluent Bit log router, Envoy, monitoring agents).
 * @internal
 */
export function isSidecar(val: Val, index: TemplateIndex): boolean {
  if (index.field(val, 'FirelensConfiguration').k !== 'absent') return true;
  const { name, image } = containerText(val, index);
  return SIDECAR.test(name) || SIDECAR.test(image);
}

/**
 * The application containers of a task definition: essential containers that
 * are not a recognisable sidecar (all essential containers when every one looks
 * like a sidecar). With `nonEssential`, the containers with `Essential: false`
 * too: the task survives their exit, but they run in production all the same
 * (what they must not carry, a debugger or a mock, is judged on them).
 * @internal
 */
export function appContainers(td: CfnResource, index: TemplateIndex, nonEssential = false): ContainerEntry[] {
  const essential = containers(td, index).filter((c) => nonEssential || !V.isFalse(index.field(c.val, 'Essential')));
  const apps = essential.filter((c) => !isSidecar(c.val, index));
  return apps.length > 0 ? apps : essential;
}

/** The keys of an object value (a map property such as Lambda's `Environment.Variables`). */
function keysOf(v: Val): string[] {
  const o = objectOf(v);
  return o ? Object.keys(o) : [];
}

function lambdaEnv(fn: CfnResource, index: TemplateIndex): EnvSource {
  const base = { label: `function ${fn.logicalId}`, path: 'Properties.Environment.Variables', envFiles: false };
  const variables = index.prop(fn, 'Environment.Variables');
  if (variables.k === 'unknown') return new LazyEnv({ ...base, unknown: variables.why }, [], () => ({ k: 'absent' }));
  return new LazyEnv(base, keysOf(variables), (name) => index.field(variables, name));
}

function containerEnv(c: ContainerEntry, index: TemplateIndex): EnvSource {
  const files = index.field(c.val, 'EnvironmentFiles');
  const base = {
    label: `container ${containerName(c, index)}`,
    path: `Properties.ContainerDefinitions.${c.position}.Environment`,
    envFiles: files.k === 'unknown' || (index.items(files) ?? []).length > 0,
    secretNames: (index.items(index.field(c.val, 'Secrets')) ?? []).map((e) => V.str(index.field(e, 'Name'))).filter((n): n is string => n !== undefined),
    container: c.def,
    containerVal: c.val,
    position: c.position,
  };
  return nameValueEnv(base, index.field(c.val, 'Environment'), index);
}

/** An environment written as a list of `Name` / `Value` entries (an ECS container's, an App Runner service's). */
function nameValueEnv(base: Omit<EnvSource, 'names' | 'value' | 'vars'>, list: Val, index: TemplateIndex): EnvSource {
  if (list.k === 'unknown') return new LazyEnv({ ...base, unknown: list.why }, [], () => ({ k: 'absent' }));
  const entries = new Map<string, Val>();
  for (const e of index.items(list) ?? []) {
    const nv = index.field(e, 'Name');
    if (nv.k === 'unknown') return new LazyEnv({ ...base, unknown: `a variable name is computed at deploy time (${nv.why})` }, [], () => ({ k: 'absent' }));
    const n = V.str(nv);
    if (n !== undefined) entries.set(n, e);
  }
  // An entry without a Value (or Value: AWS::NoValue) sets the variable to the empty string.
  return new LazyEnv(base, [...entries.keys()], (name) => {
    const v = index.field(entries.get(name)!, 'Value');
    return v.k === 'absent' ? { k: 'lit', v: '' } : v;
  });
}

/** The App Runner service type. @internal */
export const APP_RUNNER_SERVICE = 'AWS::AppRunner::Service';

/**
 * An App Runner service's environment: `RuntimeEnvironmentVariables` (`Name` / `Value` entries, as an ECS container's)
 * of its image configuration or its code repository's `CodeConfigurationValues`; `RuntimeEnvironmentSecrets` set names
 * from Secrets Manager or SSM. A code repository whose configuration source is `REPOSITORY` reads its runtime
 * configuration from the `apprunner.yaml` of the repository: not in the template (unknown).
 */
function appRunnerEnv(res: CfnResource, index: TemplateIndex): EnvSource {
  const label = `service ${res.logicalId}`;
  const image = index.prop(res, 'SourceConfiguration.ImageRepository');
  const code = index.prop(res, 'SourceConfiguration.CodeRepository');
  const at = image.k !== 'absent' ? 'SourceConfiguration.ImageRepository.ImageConfiguration' : 'SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues';
  const base = { label, path: `Properties.${at}.RuntimeEnvironmentVariables`, envFiles: false };
  const open = (why: string) => new LazyEnv({ ...base, unknown: why }, [], () => ({ k: 'absent' }));
  const source = index.prop(res, 'SourceConfiguration');
  if (source.k === 'unknown') return open(source.why);
  if (image.k === 'absent' && code.k !== 'absent') {
    const from = index.prop(res, 'SourceConfiguration.CodeRepository.CodeConfiguration.ConfigurationSource');
    if (from.k === 'unknown') return open(from.why);
    if (V.str(from) === 'REPOSITORY') return open('the service reads its runtime configuration from apprunner.yaml in its source repository, not from the template');
  }
  const conf = index.prop(res, at);
  if (conf.k === 'unknown') return open(conf.why);
  const secretNames = (index.items(index.field(conf, 'RuntimeEnvironmentSecrets')) ?? []).map((e) => V.str(index.field(e, 'Name'))).filter((n): n is string => n !== undefined);
  return nameValueEnv({ ...base, secretNames }, index.field(conf, 'RuntimeEnvironmentVariables'), index);
}

/**
 * The environments a resource defines in the current world: one for a Lambda
 * function, one per container for a task definition, one for an App Runner
 * service (a web service: always service compute). `onlyService` restricts
 * to service compute (serving Lambda functions; the application containers of
 * task definitions that an ECS service runs) and returns `undefined` for
 * anything else.
 * @internal
 */
export function environments(res: CfnResource, index: TemplateIndex, onlyService: boolean, nonEssential = false): EnvSource[] | undefined {
  if (res.type === 'AWS::Lambda::Function') {
    if (onlyService && !isServiceFunction(res, index)) return undefined;
    return [lambdaEnv(res, index)];
  }
  if (res.type === 'AWS::ECS::TaskDefinition') {
    if (onlyService && !isServiceTaskDefinition(res, index)) return undefined;
    const list = onlyService ? appContainers(res, index, nonEssential) : containers(res, index);
    return list.map((c) => containerEnv(c, index));
  }
  if (res.type === APP_RUNNER_SERVICE) return [appRunnerEnv(res, index)];
  return undefined;
}

/**
 * A variable's value when it is a literal (string, number, boolean), as text;
 * undefined for anything else (a reference, a secret, a value decided at
 * deploy time). Never throws: rules decide what an open value means.
 * @internal
 */
export function literal(v: Val): string | undefined {
  return v.k === 'lit' ? V.str(v) : undefined;
}

/** Variables as evidence: `NAME=value, NAME2=value2`. @internal */
export function showVars(vars: [string, Val][]): string {
  return vars.map(([n, v]) => `${n}=${V.show(v)}`).join(', ');
}

/** The variables of `env` whose name is one of `names` (case-insensitive). @internal */
export function pick(env: EnvSource, names: string[]): [string, Val][] {
  const wanted = new Set(names.map((n) => n.toUpperCase()));
  return matching(env, (n) => wanted.has(n.toUpperCase()));
}

/** The variables of `env` (set in this world) whose name passes `test`; only those values are read. @internal */
export function matching(env: EnvSource, test: (name: string) => boolean): [string, Val][] {
  const out: [string, Val][] = [];
  for (const n of env.names) {
    if (!test(n)) continue;
    const v = env.value(n);
    if (v.k !== 'absent') out.push([n, v]);
  }
  // A name set from a secret or parameter (ECS Secrets) has a value no template shows; where a name is set both
  // ways, ECS refuses the task definition.
  for (const n of env.secretNames ?? []) {
    if (test(n) && !out.some(([m]) => m === n)) out.push([n, { k: 'unknown', why: `${n} is set from Secrets Manager or SSM (Secrets valueFrom): its value is read at run time` }]);
  }
  return out;
}

/** Service compute types the config and logging rules are dispatched to. @internal */
export const SERVICE_COMPUTE_TYPES = ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition'];

/**
 * The types the rules that read only a service's environment variables are dispatched to: the service compute types
 * and App Runner services (whose environment `environments` reads). @internal
 */
export const ENVIRONMENT_TYPES = [...SERVICE_COMPUTE_TYPES, APP_RUNNER_SERVICE];
