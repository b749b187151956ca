/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { EnvSource, environments } from '../../cfn/environment';

/** One setting of service compute: an environment variable or an injected secret. @internal */
export interface Setting {
  readonly name: string;
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
 * @internal
 */
export function serviceSettings(res: CfnResource, index: TemplateIndex): SettingSource[] | undefined {
  const envs = environments(res, index, true);
  if (!envs) return undefined;
  return envs.map((env) => {
    const settings: Setting[] = [...env.vars.entries()].map(([name, val]) => ({ name, val, fromSecret: false, path: `${env.path}.${name}` }));
    if (env.container) {
      for (const [i, s] of (V.list(index.at(env.container, 'Secrets')) ?? []).entries()) {
        const name = V.str(index.at(s, 'Name'));
        if (name) settings.push({ name, val: index.at(s, 'ValueFrom'), fromSecret: true, path: `Properties.ContainerDefinitions.${env.position}.Secrets.${i}` });
      }
    }
    return { label: env.label, path: env.path, settings, unknown: env.unknown, env };
  });
}

/** The text of a value for pattern checks: a literal string, or the text of a Sub/Join. @internal */
export function textOf(v: Val): string | undefined {
  if (v.k === 'lit') return typeof v.v === 'string' || typeof v.v === 'number' || typeof v.v === 'boolean' ? String(v.v) : undefined;
  if (v.k === 'expr') return v.text;
  return undefined;
}

/** `true/false/1/0/yes/no/on/off/enabled/disabled`. @internal */
export const BOOLEAN = /^(true|false|1|0|yes|no|on|off|enabled|disabled)$/i;
