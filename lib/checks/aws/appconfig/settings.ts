import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { EnvSource, environments, listEntries } from '../../cfn/environment';

/** One setting of service compute: an environment variable or an injected secret. @internal */
export interface Setting {
  readonly name: string;
  /** Its value in this world, read on demand; `absent` when the variable is not set in this world. */
  readonly val: Val;
  /** True for ECS `Secrets` entries (the value is a reference to Secrets Manager / SSM). */
  readonly fromSecret: boolean;
  /** Property path, for evidence. */
  readonly path: string;
}

/** The settings of one unit of service compute (a function, or one application container). @internal */
export interface SettingSource {
  readonly label: string;
  readonly path: string;
  readonly settings: Setting[];
  /** Set when the environment as a whole is computed at deploy time. */
  readonly unknown?: string;
  readonly env: EnvSource;
}

/**
 * The settings of service compute (serving Lambda functions, application
 * containers of task definitions an ECS service runs), or undefined for
 * anything else. Environment variables first, then ECS secrets (by name).
 * A variable's value is resolved when a rule reads it, so a rule depends only
 * on the choices behind the settings it reads; a variable that is
 * `AWS::NoValue` in this world has the value `absent` (see `present`).
 * @internal
 */
export function serviceSettings(res: CfnResource, index: TemplateIndex): SettingSource[] | undefined {
  const envs = environments(res, index, true);
  if (!envs) return undefined;
  return envs.map((env) => {
    const settings: Setting[] = env.names.map((name) => ({ name, get val(): Val { return env.value(name); }, fromSecret: false, path: `${env.path}.${name}` }));
    if (env.containerVal) {
      for (const { val: s, position } of listEntries(index, index.field(env.containerVal, 'Secrets'))) {
        const name = V.str(index.field(s, 'Name'));
        if (name) settings.push({ name, val: index.field(s, 'ValueFrom'), fromSecret: true, path: `Properties.ContainerDefinitions.${env.position}.Secrets.${position}` });
      }
    }
    return { label: env.label, path: env.path, settings, unknown: env.unknown, env };
  });
}

/** Whether a setting is set in this world (a variable may be `AWS::NoValue` behind a condition). @internal */
export function present(s: Setting): boolean {
  return s.val.k !== 'absent';
}

/** The text of a value for pattern checks: a literal string, or the text of a Sub/Join. @internal */
export function textOf(v: Val): string | undefined {
  if (v.k === 'lit') return typeof v.v === 'string' || typeof v.v === 'number' || typeof v.v === 'boolean' ? String(v.v) : undefined;
  if (v.k === 'expr') return v.text;
  return undefined;
}

/** `true/false/1/0/yes/no/on/off/enabled/disabled`. @internal */
export const BOOLEAN = /^(true|false|1|0|yes|no|on|off|enabled|disabled)$/i;
