import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { isSecretName } from '../../cfn/secret-values';
import { present, serviceSettings, textOf } from './settings';

/** Template placeholders: your_*, <...>, changeme, TODO, xxx, replace-me... @internal */
export const PLACEHOLDER = /(^|[^a-z0-9])your[-_]|<[^<>]+>|\b(changeme|change[-_]me|change[-_]this|replace[-_]?me|replace[-_]this|todo|tbd|fixme|placeholder|set[-_]me|fill[-_]?me[-_]?in)\b|^x{3,}$|^\.\.\.$/i;

/**
 * More placeholder forms, kept apart so that each expression stays simple and bounded: `REPLACE_WITH_*`, a
 * mustache or Jinja slot (`{{CALLBACK_BASE}}`, never CloudFormation's `{{resolve:...}}`).
 */
const PLACEHOLDER_SLOTS = [/(^|[^a-z0-9])replace[-_]with[-_]/i, /\{\{(?!resolve:)[^{}]{1,100}\}\}/];
/** A `${NAME}` written in a literal value: CloudFormation substitutes it only inside `Fn::Sub`. */
const UNSUBSTITUTED = /\$\{[A-Za-z_][A-Za-z0-9_.:]{0,100}\}/;

/**
 * CONFIG-REQUIRED-SET: no setting of service compute holds a template
 * placeholder or an empty value.
 *
 * Decisions: which variables the application requires is not in the template,
 * so the rule judges the values declared: literal (and Sub/Join text) values
 * matching placeholder patterns (also `REPLACE_WITH_*`, `{{slot}}`, and `${NAME}`
 * in a literal, which only `Fn::Sub` would substitute), or empty, fail. Secret-named variables are
 * left to the secrets rules (SECRETS-NO-PLAINTEXT, SECRETS-NO-DEFAULTS); a value
 * decided at deploy time is unknown. An ECS container that loads environment
 * files (`EnvironmentFiles`, S3) is unknown unless an inline setting fails:
 * ECS loads every line of the file, and inline variables win only for the same
 * names, so the file may add a placeholder (as CONFIG-DEBUG-OFF and the other
 * config rules read a name missing inline).
 */
export const ConfigNoPlaceholders: AwsRule = {
  id: 'ConfigNoPlaceholders',
  items: ['CONFIG-REQUIRED-SET'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.MEDIUM,
  description: 'Service compute settings hold no template placeholder (your_*, <...>, changeme, TODO, xxx, REPLACE_WITH_*, {{slot}}, ${NAME} outside Fn::Sub) and no empty value.',
  fix: 'Give every setting its production value (or wire it from the stack); remove the ones the application does not read.',
  check(res, { index }) {
    const sources = serviceSettings(res, index);
    if (!sources) return undefined;
    return sources.map((src): Verdict => {
      if (src.unknown) return unknown(src.path, undefined, `${src.label}: environment decided at deploy time (${src.unknown})`);
      const bad: string[] = [];
      const open: string[] = [];
      let n = 0;
      for (const s of src.settings) {
        if (s.fromSecret || isSecretName(s.name) || !present(s)) continue;
        n++;
        if (s.val.k === 'unknown') { open.push(s.name); continue; }
        const t = textOf(s.val);
        if (t === undefined) continue;
        if (t.trim() === '') bad.push(`${s.name} (empty)`);
        else if (PLACEHOLDER.test(t) || PLACEHOLDER_SLOTS.some((re) => re.test(t))) bad.push(`${s.name}=${t}`);
        else if (s.val.k === 'lit' && UNSUBSTITUTED.test(t)) bad.push(`${s.name}=${t} (\${...} in a literal: only Fn::Sub substitutes it)`);
      }
      if (bad.length > 0) return fail(src.path, bad.join(', '), `${src.label}: placeholder or empty setting(s): ${bad.join(', ')}`);
      if (open.length > 0) return unknown(src.path, open.join(', '), `${src.label}: ${open.join(', ')} decided at deploy time`);
      if (src.env.envFiles) return unknown(src.path, `${n} setting(s)`, `${src.label}: ${n} setting(s) inline, none a placeholder or empty, but the container's environment files may hold more settings`);
      return pass(src.path, `${n} setting(s)`, `${src.label}: ${n} setting(s), none a placeholder or empty`);
    });
  },
};
