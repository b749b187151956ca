import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, markedRef, PARAMETER_TYPE, refMark, TemplateIndex, V, Val } from '../../template-index';
import { environments } from '../../cfn/environment';
import { replaceSubReferences } from '../../cfn/documents';
import { replaceSubReferences as replaceSubMatches, subReferences } from '../../sub-references';
import { hasUrlCredentials, isHarmlessLiteral, isSecretName, isSecretParameter, literalSecretFields, literalSecretProblem, parameterField, parameterOf } from '../../cfn/secret-values';
import { AWS_KEY_PAIR, awsKeyPairIn, secretTokenIn } from '../../../checklist/policy/secret-values';

type Judgement = { bad?: string; open?: string; ok?: string };

/** Attributes whose value is itself a secret: a reference to one writes the secret into the configuration. */
const SECRET_ATTRIBUTES: Record<string, string> = {
  'AWS::IAM::AccessKey': 'SecretAccessKey',
  'AWS::Cognito::UserPoolClient': 'ClientSecret',
};

/** The `Resource.Attribute` of a secret value this value is, or holds in a `Fn::Sub`/`Fn::Join`. */
function secretAttributeIn(v: Val): string | undefined {
  if (v.k === 'ref') return v.attr !== undefined && SECRET_ATTRIBUTES[v.target.type] === v.attr ? `${v.target.logicalId}.${v.attr}` : undefined;
  if (v.k !== 'expr') return undefined;
  for (const r of v.refs) {
    const attr = SECRET_ATTRIBUTES[r.type];
    if (attr !== undefined && v.text.includes(refMark(r.logicalId, attr))) return `${r.logicalId}.${attr}`;
  }
  return undefined;
}

/**
 * What a reference to a resource attribute hands the process, when it is a value rather than a name or ARN:
 * `AWS::SSM::Parameter.Value` is the parameter's value, resolved into the configuration (`bad`); an attribute of
 * a custom resource is whatever its provider returns in `Data`, and a nested stack's `Outputs.X` whatever that
 * stack outputs, either of which may be the secret itself (`open`). A `Ref` (an ARN, a name) is undefined.
 */
function heldValue(name: string, target: CfnResource, attr: string | undefined): Judgement | undefined {
  if (attr === undefined) return undefined;
  const at = `${target.logicalId}.${attr}`;
  if (target.type === 'AWS::SSM::Parameter' && attr === 'Value') return { bad: `${name} (${at} is the SSM parameter's value itself, written into the configuration in plain text; pass the parameter name and read it at runtime, or use ECS Secrets)` };
  if (target.type.startsWith('Custom::') || target.type === 'AWS::CloudFormation::CustomResource') return { open: `${name} (${at} is a value custom resource ${target.logicalId} returns, written into the configuration as it is: it may be the secret itself)` };
  if (target.type === 'AWS::CloudFormation::Stack' && attr.startsWith('Outputs.')) return { open: `${name} (${at} is an output of nested stack ${target.logicalId}, written into the configuration as it is: it may be the secret itself)` };
  return undefined;
}

/** The first value held (see heldValue) that a reference or a `Fn::Sub`/`Fn::Join` text gives: a `bad` one before an `open` one. */
function heldValueIn(name: string, v: Val): Judgement | undefined {
  if (v.k === 'ref') return heldValue(name, v.target, v.attr);
  if (v.k !== 'expr') return undefined;
  let open: Judgement | undefined;
  for (const r of subReferences(v.text)) {
    // The references the index placed (`refMark`); `${X.Attr}` written as text hands the process that text.
    const inner = markedRef(r.inner) ?? '';
    const dot = inner.indexOf('.');
    const target = dot > 0 ? v.refs.find((x) => x.logicalId === inner.slice(0, dot)) : undefined;
    const j = target ? heldValue(name, target, inner.slice(dot + 1)) : undefined;
    if (j?.bad) return j;
    open ??= j;
  }
  return open;
}

/**
 * The `Resource.Attribute` in the password of a URL of a `Fn::Sub`/`Fn::Join` text (`scheme://user:<password>@`)
 * that is a value rather than a name or ARN (see heldValue, SECRET_ATTRIBUTES), or undefined. A `Ref` there (a
 * name, an ARN) is not a password.
 */
function heldPassword(v: { text: string; refs: CfnResource[] }): string | undefined {
  const refs = subReferences(v.text);
  if (refs.length === 0) return undefined;
  // The text with each reference's characters kept in place (`x` for each), so positions stay those of v.text.
  const filled = replaceSubMatches(v.text, (m) => 'x'.repeat(m.length));
  for (let at = filled.indexOf('://'); at !== -1; at = filled.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < filled.length && !'/?# \t\n'.includes(filled[end])) end++;
    const userinfo = filled.lastIndexOf('@', end - 1);
    if (userinfo < at + 3) continue;
    const colon = filled.indexOf(':', at + 3);
    if (colon === -1 || colon >= userinfo) continue;
    for (const r of refs) {
      if (r.start < colon || r.start >= userinfo) continue;
      const inner = markedRef(r.inner) ?? '';
      const dot = inner.indexOf('.');
      const target = dot > 0 ? v.refs.find((x) => x.logicalId === inner.slice(0, dot)) : undefined;
      if (!target) continue;
      const attr = inner.slice(dot + 1);
      if (SECRET_ATTRIBUTES[target.type] === attr || heldValue('', target, attr)) return `${target.logicalId}.${attr}`;
    }
  }
  return undefined;
}

/** Whether a template parameter is NoEcho: its author says its value is a secret. */
function isNoEcho(index: TemplateIndex, param: string): boolean {
  const v = parameterField(index, param, 'NoEcho');
  return v.k === 'lit' && (v.v === true || V.show(v).toLowerCase() === 'true');
}

/**
 * The template parameters a value decided at deploy time is, or holds among the pieces of its `Fn::Sub`/`Fn::Join`,
 * that carry a secret: NoEcho ones, and ones that hold a secret by their meaning (isSecretParameter).
 */
function secretParametersIn(v: Val, index: TemplateIndex): string[] {
  if (v.k !== 'unknown') return [];
  const all = [...(v.param !== undefined ? [v.param] : []), ...(v.params ?? [])];
  return [...new Set(all)].filter((p) => Object.prototype.hasOwnProperty.call(index.parameters, p) && (isNoEcho(index, p) || isSecretParameter(index, p)));
}

/** The text written in the template of a literal or `Fn::Sub`/`Fn::Join` value, computed parts (`${...}`) blanked out. */
function writtenText(v: Val): string | undefined {
  if (v.k === 'lit') return typeof v.v === 'string' ? v.v : undefined;
  return v.k === 'expr' ? replaceSubReferences(v.text, () => ' ') : undefined;
}

/** Resources whose reference names a secret by its ARN or name: text around one selects a field (`${DbSecret}:password::`). */
const SECRET_STORES = ['AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment', 'AWS::SSM::Parameter'];
/** An authentication scheme written before a computed credential (`Bearer ${Token}`): a prefix, not a piece of the secret. */
const AUTH_SCHEME = /^(bearer|basic|token|digest)\s+/i;
/** Letters and digits written outside `${...}` from which a value counts as a literal piece of the secret. */
const WRITTEN_PIECE_MIN = 6;

/**
 * What of a secret-named value built with `Fn::Sub`/`Fn::Join` is written in the template: a JSON document with
 * a literal secret field (`{"password":"hunter2","host":"${Db.Endpoint.Address}"}`), or 6 letters or digits
 * or more outside the computed parts (`pw-hunter2-${AWS::StackName}`). Not a piece of the secret: an ARN
 * (`arn:${AWS::Partition}:secretsmanager:...`, the secret named by reference), text around a reference to a
 * secret or SSM parameter (`${DbSecret}:password::`, checked by the caller), a URL (its password, when
 * written, is judged by hasUrlCredentials), an authentication scheme before a computed token (`Bearer ${Token}`),
 * separators and short prefixes (`${Prefix}-prod`). Never the text itself, which may be the secret.
 */
function writtenSecretPiece(text: string): string | undefined {
  const t = text.trim();
  if (t.startsWith('arn:') || t.includes('://')) return undefined;
  const fields = literalSecretFields(t);
  if (fields !== undefined) return fields.length > 0 ? `literal secret field(s) ${fields.map((f) => f.path).join(', ')} in the JSON written in the template` : undefined;
  const written = replaceSubReferences(t, () => ' ').replace(AUTH_SCHEME, '');
  let n = 0;
  for (const c of written) if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) n++;
  return n >= WRITTEN_PIECE_MIN ? `${n} letters or digits of the value are written literally in the template text` : undefined;
}

/** What is wrong with a parameter's Default written in the template, whatever the parameter's name: a token, a URL with a password. */
function defaultProblem(index: TemplateIndex, param: string): string | undefined {
  const d = parameterField(index, param, 'Default');
  if (d.k !== 'lit' || typeof d.v !== 'string') return undefined;
  return hasUrlCredentials(d.v) ? 'a URL with a password in it' : secretTokenIn(d.v);
}

/**
 * Judge one named value. Names that do not look secret are checked for what
 * the value is: a URL with credentials, or a well-known secret token format
 * (lib/checklist/policy/secret-values.ts: Stripe, GitHub, GitLab, Slack, npm,
 * PEM private keys), written as a literal or in the text of a `Fn::Sub`; a
 * reference to a parameter whose Default is one is unknown. A secret-looking name must reach the process by
 * reference (an ARN, a resource): a literal, a `Fn::Sub`/`Fn::Join` with a
 * literal piece of the secret (see writtenSecretPiece), a Secrets Manager value resolved
 * into the configuration, or a template parameter's value (NoEcho or not: it
 * is written into the function or task configuration in plain text) fails.
 * Whatever the name, a reference to an attribute that is a secret value
 * (`AWS::IAM::AccessKey.SecretAccessKey`, `AWS::Cognito::UserPoolClient.ClientSecret`) fails, and so does a
 * NoEcho or secret template parameter (isSecretParameter) given as the value or as a piece of the
 * `Fn::Sub`/`Fn::Join` that builds it (`postgres://app:${DbPassword}@db/app`): CloudFormation writes the
 * text, password included, into the configuration (the "computed parts" of a text are dropped only when they
 * are resources' attributes). Under a secret-looking name, an attribute that is a value rather than a name or
 * ARN (see heldValue) is not a reference: `AWS::SSM::Parameter.Value` fails, a custom resource's attribute or a
 * nested stack's output is unknown. Whatever the name, a URL whose password is such a value
 * (`postgres://app:${Creds.Password}@db/app`, see heldPassword) fails: the text CloudFormation writes holds the
 * password.
 */
function judgeValue(name: string, v: Val, index: TemplateIndex, credential = false): Judgement {
  // `credential`: the value carries a credential by where it is (an HTTP Authorization header), whatever its name.
  const secretName = credential || isSecretName(name);
  const attribute = secretAttributeIn(v);
  if (attribute) return { bad: `${name} (${attribute} is the secret itself, written into the configuration in plain text; keep it in Secrets Manager and pass the secret ARN)` };
  switch (v.k) {
    case 'absent':
      return {};
    case 'lit': {
      const problem = literalSecretProblem(name, v.v) ?? (credential && !isHarmlessLiteral(v.v) ? 'a credential header with a literal value' : undefined);
      return problem ? { bad: `${name} (${problem})` } : {};
    }
    case 'expr':
      // Computed parts (\${...}) are dropped: only a password or token written in the template counts.
      if (hasUrlCredentials(replaceSubReferences(v.text, () => ''))) return { bad: `${name} (URL with a literal password)` };
      {
        // A password that is a value computed at deploy (a custom resource's or nested stack's value, an SSM
        // parameter's Value, a secret attribute) is written into the configuration with the URL's text.
        const held = heldPassword(v);
        if (held) return { bad: `${name} (URL whose password is ${held}, a value computed at deploy: CloudFormation writes the text, password included, into the configuration in plain text; build the URL at runtime from a Secrets Manager secret, or use ECS Secrets)` };
      }
      {
        const token = secretTokenIn(writtenText(v) ?? '');
        if (token) return { bad: `${name} (${token} written in the template text)` };
      }
      if (secretName) {
        const piece = v.refs.some((r) => SECRET_STORES.includes(r.type)) ? undefined : writtenSecretPiece(v.text);
        if (piece) return { bad: `${name} (${piece}: a secret built from a literal is in plain text; keep the whole value in Secrets Manager and pass the secret ARN)` };
        const held = heldValueIn(name, v);
        if (held) return held;
        return { ok: `${name} from ${v.refs.map((r) => r.logicalId).join(', ') || 'values computed at deploy'}` };
      }
      return {};
    case 'ref':
      if (!secretName) return {};
      return heldValueIn(name, v) ?? { ok: `${name} → ${v.target.logicalId}` };
    case 'secret':
      // CloudFormation resolves the dynamic reference at deploy and writes the secret VALUE into the
      // function or task configuration, where anyone with read access to it sees it.
      return { bad: `${name} (a Secrets Manager value resolved into the environment at deploy: it is readable in the configuration; pass the secret ARN, or use ECS Secrets)` };
    case 'unknown': {
      const param = parameterOf(v, index);
      const secrets = secretParametersIn(v, index);
      if (secrets.length > 0 && (!secretName || param === undefined)) {
        // A NoEcho (or secret) parameter is written into the configuration in plain text, alone or inside a text.
        const which = secrets.map((p) => `${p}${isNoEcho(index, p) ? ' (NoEcho)' : ''}`).join(', ');
        const where = param !== undefined ? `the value of parameter ${which}` : `parameter ${which}, inside the Fn::Sub/Fn::Join that builds the value,`;
        return { bad: `${name} (${where} is written into the configuration in plain text, whatever the variable's name; pass a Secrets Manager ARN, or use ECS Secrets)` };
      }
      if (!secretName) {
        const problem = param ? defaultProblem(index, param) : undefined;
        return problem ? { open: `${name} (parameter ${param}, whose default value is ${problem}: the value given at deploy decides)` } : {};
      }
      if (param) {
        const d = parameterField(index, param, 'Default');
        const why = d.k === 'lit' && V.show(d) !== '' ? ', and its default value is in the template' : '';
        return { bad: `${name} (the value of parameter ${param} is written into the configuration in plain text${why}; pass a Secrets Manager ARN, or use ECS Secrets)` };
      }
      return { open: `${name} (${v.why})` };
    }
  }
}

/** An AWS access key pair across the values of one environment (the id in one variable, the secret key in another). */
function keyPairProblem(vars: Iterable<[string, Val]>): string | undefined {
  const written = [...vars].map(([n, v]) => [n, writtenText(v)] as const).filter((e): e is readonly [string, string] => e[1] !== undefined);
  const parts = awsKeyPairIn(written.map(([, t]) => t));
  return parts.length > 0 ? `${AWS_KEY_PAIR} in ${parts.map((i) => written[i][0]).join(', ')}` : undefined;
}

/**
 * One set of named values read like an environment: a Lambda's or container's, an App Runner service's, a Batch
 * container's, a Glue job's arguments. `secrets` counts the names set from Secrets Manager or SSM by reference.
 */
interface NamedValues {
  readonly label: string;
  readonly vars: Map<string, Val>;
  readonly unknown?: string;
  readonly secrets?: number;
}

/** A `[{ Name, Value }]` list (App Runner KeyValuePair, Batch Environment, EKS Env); an entry without a Value sets the empty string. */
function namedList(label: string, list: Val, index: TemplateIndex, secrets: Val = { k: 'absent' }): NamedValues {
  if (list.k === 'unknown') return { label, vars: new Map(), unknown: list.why };
  const vars = new Map<string, Val>();
  for (const e of index.items(list) ?? []) {
    const nv = index.field(e, 'Name');
    if (nv.k === 'unknown') return { label, vars: new Map(), unknown: `a variable name is computed at deploy time (${nv.why})` };
    const n = V.str(nv);
    if (n === undefined) continue;
    const v = index.field(e, 'Value');
    vars.set(n, v.k === 'absent' ? { k: 'lit', v: '' } : v);
  }
  return { label, vars, secrets: (index.items(secrets) ?? []).length };
}

/** A `{ name: value }` map (Glue job arguments). */
function namedMap(label: string, map: Val, index: TemplateIndex): NamedValues {
  if (map.k === 'unknown') return { label, vars: new Map(), unknown: map.why };
  return { label, vars: new Map(index.keys(map) ?? []) };
}

/** The containers of a list (`Containers`, `InitContainers`), each `[label, container]`. */
function containerList(index: TemplateIndex, list: Val, where: string): [string, Val][] {
  if (list.k === 'unknown') return [[where, list]];
  return (index.items(list) ?? []).map((c, i) => {
    const n = V.str(index.field(c, 'Name'));
    return [`${where} container ${n ?? `#${i}`}`, c];
  });
}

/**
 * The App Runner service's runtime variables: `ImageRepository.ImageConfiguration` or
 * `CodeRepository.CodeConfiguration.CodeConfigurationValues` (`RuntimeEnvironmentVariables` are plain text,
 * `RuntimeEnvironmentSecrets` name a secret or parameter by ARN).
 */
function appRunnerValues(res: CfnResource, index: TemplateIndex): NamedValues[] {
  const out: NamedValues[] = [];
  for (const at of ['SourceConfiguration.ImageRepository.ImageConfiguration', 'SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues']) {
    const conf = index.prop(res, at);
    if (conf.k === 'absent') continue;
    out.push(namedList(`service ${res.logicalId}`, index.field(conf, 'RuntimeEnvironmentVariables'), index, index.field(conf, 'RuntimeEnvironmentSecrets')));
  }
  return out;
}

/** An ECS-shaped container of a Batch job (`Environment`, `Secrets`). */
function batchContainer(label: string, c: Val, index: TemplateIndex): NamedValues {
  if (c.k === 'unknown') return { label, vars: new Map(), unknown: c.why };
  return namedList(label, index.field(c, 'Environment'), index, index.field(c, 'Secrets'));
}

/** The ECS task containers of a Batch `EcsProperties`. */
function batchEcs(label: string, ecs: Val, index: TemplateIndex): NamedValues[] {
  if (ecs.k === 'absent') return [];
  const tasks = index.field(ecs, 'TaskProperties');
  if (tasks.k === 'unknown') return [{ label, vars: new Map(), unknown: tasks.why }];
  return (index.items(tasks) ?? []).flatMap((t) => containerList(index, index.field(t, 'Containers'), label).map(([l, c]) => batchContainer(l, c, index)));
}

/**
 * A Batch job definition's containers: `ContainerProperties`, each node range's `Container` and
 * `EcsProperties` (`NodeProperties.NodeRangeProperties`), `EcsProperties` task containers, and
 * `EksProperties` pod containers and init containers (`Env`).
 */
function batchValues(res: CfnResource, index: TemplateIndex): NamedValues[] {
  const label = `job definition ${res.logicalId}`;
  const out: NamedValues[] = [];
  const single = index.prop(res, 'ContainerProperties');
  if (single.k !== 'absent') out.push(batchContainer(label, single, index));
  const ranges = index.prop(res, 'NodeProperties.NodeRangeProperties');
  if (ranges.k === 'unknown') out.push({ label, vars: new Map(), unknown: ranges.why });
  (index.items(ranges) ?? []).forEach((r, i) => {
    const c = index.field(r, 'Container');
    if (c.k !== 'absent') out.push(batchContainer(`${label} node range #${i}`, c, index));
    out.push(...batchEcs(`${label} node range #${i}`, index.field(r, 'EcsProperties'), index));
  });
  out.push(...batchEcs(label, index.prop(res, 'EcsProperties'), index));
  const pod = index.prop(res, 'EksProperties.PodProperties');
  if (pod.k === 'unknown') return [...out, { label, vars: new Map(), unknown: pod.why }];
  for (const list of ['Containers', 'InitContainers']) {
    for (const [l, c] of containerList(index, index.field(pod, list), label)) {
      out.push(c.k === 'unknown' ? { label: l, vars: new Map(), unknown: c.why } : namedList(l, index.field(c, 'Env'), index));
    }
  }
  return out;
}

/** A Glue job's arguments (`DefaultArguments`, `NonOverridableArguments`): written into the job definition, and logged. */
function glueValues(res: CfnResource, index: TemplateIndex): NamedValues[] {
  return ['DefaultArguments', 'NonOverridableArguments'].map((p) => namedMap(`job ${res.logicalId} ${p}`, index.prop(res, p), index));
}

/** Where each type's values are, for evidence. */
const VALUES_PROPERTY: Record<string, string> = {
  'AWS::Lambda::Function': 'Properties.Environment.Variables',
  'AWS::ECS::TaskDefinition': 'Properties.ContainerDefinitions',
  'AWS::AppRunner::Service': 'Properties.SourceConfiguration',
  'AWS::Batch::JobDefinition': 'Properties',
  'AWS::Glue::Job': 'Properties.DefaultArguments',
};

function namedValues(res: CfnResource, index: TemplateIndex): NamedValues[] {
  if (res.type === 'AWS::AppRunner::Service') return appRunnerValues(res, index);
  if (res.type === 'AWS::Batch::JobDefinition') return batchValues(res, index);
  if (res.type === 'AWS::Glue::Job') return glueValues(res, index);
  return (environments(res, index, false) ?? []).map((env) => {
    if (env.unknown) return { label: env.label, vars: new Map(), unknown: env.unknown };
    const secrets = env.container ? (index.items(index.at(env.container, 'Secrets')) ?? []).length : 0;
    return { label: env.label, vars: env.vars, secrets };
  });
}

function checkCompute(res: CfnResource, index: TemplateIndex) {
  const envs = namedValues(res, index);
  const bad: string[] = [];
  const open: string[] = [];
  const ok: string[] = [];
  for (const env of envs) {
    if (env.unknown) {
      open.push(`${env.label}: environment computed at deploy time`);
      continue;
    }
    for (const [name, v] of env.vars) {
      const j = judgeValue(name, v, index);
      if (j.bad) bad.push(`${env.label}: ${j.bad}`);
      if (j.open) open.push(`${env.label}: ${j.open}`);
      if (j.ok) ok.push(`${env.label}: ${j.ok}`);
    }
    const pair = keyPairProblem(env.vars);
    if (pair) bad.push(`${env.label}: ${pair}`);
    if (env.secrets) ok.push(`${env.label}: ${env.secrets} secret(s) injected from Secrets Manager/SSM by reference`);
  }
  return verdict(VALUES_PROPERTY[res.type] ?? 'Properties', bad, open, ok);
}

function verdict(prop: string, bad: string[], open: string[], ok: string[]) {
  if (bad.length > 0) return fail(prop, bad.join('; '), `secret in plain text in the environment: ${bad.join('; ')}`);
  if (open.length > 0) return unknown(prop, open.join('; '), `cannot tell at synth whether these values are secrets: ${open.join('; ')}`);
  return pass(prop, ok.join('; ') || undefined, ok.length > 0 ? `secrets passed by reference: ${ok.join('; ')}` : 'no secret-looking variable holds a literal value');
}

/**
 * The outputs of the template whose value `holds` (alone or inside a `Fn::Sub`/`Fn::Join`), in the current world: an
 * output with a `Condition` that does not hold is not created. CloudFormation shows outputs as they are to anyone
 * allowed `cloudformation:DescribeStacks` (and an exported one to every stack of the account and region); NoEcho
 * masks a parameter only in the Parameters of DescribeStacks, not in Outputs (CloudFormation User Guide, Parameters,
 * NoEcho: "does not mask any information stored in ... the Outputs template section").
 */
function outputsHolding(index: TemplateIndex, holds: (v: Val) => boolean): string[] {
  return index.outputsHere().filter(([, v]) => holds(v)).map(([name]) => name);
}

/** Whether a value is, or holds in a `Fn::Sub`/`Fn::Join`, attribute `attr` of `res`. */
function holdsAttribute(v: Val, res: CfnResource, attr: string): boolean {
  if (v.k === 'ref') return v.target.logicalId === res.logicalId && v.attr === attr;
  return v.k === 'expr' && v.refs.some((r) => r.logicalId === res.logicalId) && v.text.includes(refMark(res.logicalId, attr));
}

/**
 * A resource whose attribute is a secret value (`AWS::IAM::AccessKey.SecretAccessKey`,
 * `AWS::Cognito::UserPoolClient.ClientSecret`): a template output that publishes it fails. Nothing is said of one no
 * output publishes (a fail-only type): where else the value goes is judged where it goes (an environment, a secret).
 */
function checkSecretAttribute(res: CfnResource, index: TemplateIndex) {
  const attr = SECRET_ATTRIBUTES[res.type];
  const leaked = outputsHolding(index, (v) => holdsAttribute(v, res, attr));
  return leaked.length === 0 ? undefined : fail('Outputs', leaked.join(', '), `${res.logicalId}.${attr} is the secret itself, published by output ${leaked.join(', ')}: stack outputs are shown in plain text to anyone allowed cloudformation:DescribeStacks; store it in Secrets Manager (a Secret whose SecretString is the attribute) and output the secret's ARN`);
}

/**
 * A template parameter that holds a secret (by its meaning: see
 * isSecretParameter) must be NoEcho and have no default. A NoEcho or secret
 * parameter that an output of the template publishes fails, whatever its name.
 */
function checkParameter(res: CfnResource, index: TemplateIndex) {
  if (isNoEcho(index, res.logicalId) || isSecretParameter(index, res.logicalId)) {
    const leaked = outputsHolding(index, (v) => secretParametersIn(v, index).includes(res.logicalId));
    if (leaked.length > 0) return fail('Outputs', leaked.join(', '), `${isNoEcho(index, res.logicalId) ? 'NoEcho' : 'secret-looking'} parameter ${res.logicalId} is published by output ${leaked.join(', ')}: NoEcho masks a parameter only among the stack's Parameters, and outputs are shown in plain text to anyone allowed cloudformation:DescribeStacks; do not output it`);
  }
  if (!isSecretParameter(index, res.logicalId)) {
    // Whatever its name, a Default that is a secret token or a URL with a password is a secret written in the template.
    const problem = defaultProblem(index, res.logicalId);
    return problem ? fail('Default', '(redacted)', `parameter ${res.logicalId} has a Default that is ${problem}: the secret is written in the template; make the parameter NoEcho with no Default, or keep the value in Secrets Manager`) : undefined;
  }
  const type = V.str(index.prop(res, 'Type')) ?? '';
  if (type.startsWith('AWS::SSM::Parameter::Value')) return pass('Type', type, `parameter ${res.logicalId} names an SSM parameter; the value is read at deploy`);
  const d = index.prop(res, 'Default');
  if (d.k !== 'absent' && V.str(d) !== '') return fail('Default', '(redacted)', `secret-looking parameter ${res.logicalId} has a default value written in the template`);
  const noEcho = index.prop(res, 'NoEcho');
  if (!V.isTrue(noEcho)) return fail('NoEcho', noEcho.k === 'absent' ? '(not set)' : V.show(noEcho), `secret-looking parameter ${res.logicalId} is not NoEcho: its value shows in the console and in describe-stacks`);
  return pass('NoEcho', 'true', `secret-looking parameter ${res.logicalId} is NoEcho with no default`);
}

/** The last word of a logical id that names the resource kind (`DbPasswordParam`): not part of what the parameter holds. */
const KIND_SUFFIX = /(Param|Parameter|Ssm|SsmParam|SsmParameter)$/;

/**
 * An SSM parameter is judged by the last segment of its name: written
 * (`/app/db-password`), or the text of a `Fn::Sub`/`Fn::Join` with its
 * computed parts dropped (`/app/${Env}/db-password`); without a Name,
 * CloudFormation generates one from the logical id, which is read without a
 * trailing `Param`/`Parameter` (`DbPasswordParam` holds a password).
 */
function checkSsmParameter(res: CfnResource, index: TemplateIndex) {
  const nameVal = index.prop(res, 'Name');
  const name = nameVal.k === 'expr' ? replaceSubReferences(nameVal.text, () => '') : V.str(nameVal) ?? res.logicalId.replace(KIND_SUFFIX, '');
  const last = name.split('/').filter((s) => s !== '').pop() ?? name;
  const value = index.prop(res, 'Value');
  const j = judgeValue(last, value, index);
  if (j.bad) return fail('Properties.Value', '(redacted)', `SSM String parameter ${name} holds a secret in plain text: ${j.bad} (CloudFormation cannot create SecureString parameters; use Secrets Manager)`);
  if (j.open) return unknown('Properties.Value', value, `SSM parameter ${name}: ${j.open}`);
  return isSecretName(last) ? pass('Properties.Value', value, `SSM parameter ${name} holds a reference, not a literal secret`) : undefined;
}

/**
 * A CodeBuild project's environment variables: a `PLAINTEXT` variable (the
 * default type) is written into the project configuration and judged like a
 * function's; `SECRETS_MANAGER` and `PARAMETER_STORE` variables name where the
 * value is read at build time. A type decided at deploy time leaves a
 * variable whose value would be a secret in plain text unknown.
 */
function checkCodeBuild(res: CfnResource, index: TemplateIndex) {
  const prop = 'Properties.Environment.EnvironmentVariables';
  const list = index.prop(res, 'Environment.EnvironmentVariables');
  if (list.k === 'unknown') return unknown(prop, list, `CodeBuild project ${res.logicalId}: environment variables computed at deploy time (${list.why})`);
  const bad: string[] = [];
  const open: string[] = [];
  const ok: string[] = [];
  const plain: [string, Val][] = [];
  for (const e of index.items(list) ?? []) {
    const nv = index.field(e, 'Name');
    if (nv.k === 'unknown') { open.push(`a variable name is computed at deploy time (${nv.why})`); continue; }
    const name = V.str(nv) ?? '(unnamed)';
    const typeVal = index.field(e, 'Type');
    const typeText = typeVal.k === 'absent' ? 'PLAINTEXT' : typeVal.k === 'lit' ? V.str(typeVal)?.toUpperCase() : undefined;
    if (typeText !== undefined && typeText !== 'PLAINTEXT') {
      if (isSecretName(name)) ok.push(`${name} read from ${typeText}`);
      continue;
    }
    const value = index.field(e, 'Value');
    const j = judgeValue(name, value, index);
    if (typeText === undefined) {
      // The type is computed (a parameter, a condition's value): the value is plain text if it turns out PLAINTEXT.
      const why = typeVal.k === 'unknown' ? typeVal.why : `Type ${V.show(typeVal)} is computed at deploy time`;
      if (j.bad || j.open) open.push(`${j.bad ?? j.open}, if the variable type is PLAINTEXT (${why})`);
      continue;
    }
    plain.push([name, value]);
    if (j.bad) bad.push(j.bad);
    if (j.open) open.push(j.open);
    if (j.ok) ok.push(j.ok);
  }
  const pair = keyPairProblem(plain);
  if (pair) bad.push(pair);
  const label = (xs: string[]) => xs.map((x) => `project ${res.logicalId}: ${x}`);
  return verdict(prop, label(bad), label(open), label(ok));
}

/** Where each instance type writes its user data. */
const USER_DATA: Record<string, string> = {
  'AWS::EC2::Instance': 'UserData',
  'AWS::EC2::LaunchTemplate': 'LaunchTemplateData.UserData',
  'AWS::AutoScaling::LaunchConfiguration': 'UserData',
};

/** `NAME=value` in a script (`export DB_PASSWORD=...`, `DB_PASSWORD="..."`): the name and the literal value. */
const ASSIGNMENT = /(?:^|[\s;])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]{0,80})=(?:"([^"$`\n]{0,400})"|'([^'\n]{0,400})'|([^\s"'$`;]{1,400}))/gm;

/**
 * An instance's user data: a script, read for what can be seen in it. A well-known secret token, an AWS access key
 * pair, a URL with a password, or a secret-named variable assigned a literal (`export DB_PASSWORD=...`) fails. A
 * script without any of these gets no verdict, and the instance types are `failOnlyTypes`: a secret may be written
 * in a script in a way no reading can see (a command-line flag, a file written by a here-document), so an instance
 * keeps SECRETS-NO-PLAINTEXT from being satisfied whatever its user data (kinds.ts).
 */
function checkUserData(res: CfnResource, index: TemplateIndex) {
  const at = USER_DATA[res.type];
  const prop = `Properties.${at}`;
  const v = index.prop(res, at);
  const written = v.k === 'lit' ? V.str(v) : v.k === 'expr' || v.k === 'secret' ? v.text : undefined;
  if (written === undefined) return undefined;
  // Fn::Base64 (or a literal already encoded): the script is the decoded text; its placeholders stay as written.
  const script = Buffer.from(written, 'base64').toString('utf8');
  const bad: string[] = [];
  const token = secretTokenIn(script);
  if (token) bad.push(`the script holds ${token}`);
  if (awsKeyPairIn([script]).length > 0) bad.push(`the script holds ${AWS_KEY_PAIR}`);
  if (hasUrlCredentials(script)) bad.push('the script holds a URL with a password');
  for (const m of script.matchAll(ASSIGNMENT)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (value !== '' && isSecretName(m[1]) && literalSecretProblem(m[1], value)) bad.push(`${m[1]} is assigned a literal in the script`);
  }
  return bad.length > 0 ? fail(prop, '(redacted)', `instance ${res.logicalId}: secret in plain text in the user data: ${[...new Set(bad)].join('; ')}`) : undefined;
}

/** The credential fields of an EventBridge connection's `AuthParameters` (EventBridge keeps them in a Secrets Manager secret it creates). */
const CONNECTION_SECRETS = ['ApiKeyAuthParameters.ApiKeyValue', 'BasicAuthParameters.Password', 'OAuthParameters.ClientParameters.ClientSecret'];

/**
 * Credential values that are the secret itself, whatever they are called (`[name, value]`), sorted: by reference
 * (`ok`: a dynamic reference, another resource's attribute, a NoEcho parameter without a Default), written in the
 * template (`bad`: a literal, a parameter that is not NoEcho or has a Default, a well-known token in a Sub text), or
 * decided at deploy time (`open`).
 */
function credentials(index: TemplateIndex, values: readonly [string, Val][]): { bad: string[]; open: string[]; ok: string[] } {
  const bad: string[] = [];
  const open: string[] = [];
  const ok: string[] = [];
  for (const [name, v] of values) {
    switch (v.k) {
      case 'absent':
        continue;
      case 'secret':
        ok.push(`${name} is a dynamic reference, resolved at deploy`);
        continue;
      case 'ref':
        ok.push(`${name} → ${v.target.logicalId}`);
        continue;
      case 'lit':
        if (V.show(v) !== '') bad.push(`${name} is written in the template in plain text`);
        continue;
      case 'expr': {
        const token = secretTokenIn(writtenText(v) ?? '');
        if (token) bad.push(`${name} (${token} written in the template text)`);
        else open.push(`${name} is built at deploy time (${v.text})`);
        continue;
      }
      case 'unknown': {
        const param = parameterOf(v, index);
        if (param === undefined) { open.push(`${name}: ${v.why}`); continue; }
        const d = parameterField(index, param, 'Default');
        if (d.k !== 'absent' && V.str(d) !== '') bad.push(`${name} (parameter ${param} has a Default written in the template)`);
        else if (!isNoEcho(index, param)) bad.push(`${name} (parameter ${param} is not NoEcho: its value shows in the console and in describe-stacks)`);
        else ok.push(`${name} from NoEcho parameter ${param}`);
        continue;
      }
    }
  }
  return { bad, open, ok };
}

const REFERENCE_FIX = 'pass it from Secrets Manager ({{resolve:secretsmanager:...}}) or a NoEcho parameter without a Default';

/**
 * An EventBridge connection (`AWS::Events::Connection`): its API key, basic-auth
 * password or OAuth client secret is the secret itself, whatever it is called.
 * EventBridge stores it in a Secrets Manager secret of its own, so a dynamic
 * reference (`{{resolve:secretsmanager:...}}`), a NoEcho parameter without a
 * Default or another resource's attribute passes; a literal written in the
 * template, or a parameter that is not NoEcho (its value shows in the console
 * and describe-stacks) or has a Default, fails; a value otherwise decided at
 * deploy time is unknown.
 */
function checkEventsConnection(res: CfnResource, index: TemplateIndex) {
  const { bad, open, ok } = credentials(index, CONNECTION_SECRETS.map((path) => [path.split('.').pop()!, index.prop(res, `AuthParameters.${path}`)]));
  const prop = 'Properties.AuthParameters';
  const label = (xs: string[]) => xs.map((x) => `connection ${res.logicalId}: ${x}`);
  if (bad.length > 0) return fail(prop, '(redacted)', `secret in plain text in the template: ${label(bad).join('; ')}; ${REFERENCE_FIX}`);
  if (open.length > 0) return unknown(prop, open.join('; '), `cannot tell at synth whether the connection's credentials are written in plain text: ${label(open).join('; ')}`);
  return ok.length > 0 ? pass(prop, ok.join('; '), `credentials passed by reference: ${label(ok).join('; ')}`) : undefined;
}

const COGNITO_IDP = 'AWS::Cognito::UserPoolIdentityProvider';
/** The secrets of a Cognito identity provider's `ProviderDetails`: the OIDC, Google and Facebook app secret, Apple's private key. */
const IDP_SECRETS = ['client_secret', 'private_key'];

/**
 * A Cognito user pool identity provider: its `ProviderDetails.client_secret` (OIDC, Google, Facebook) or
 * `private_key` (Sign in with Apple) is the secret itself, judged as an EventBridge connection's is (`credentials`).
 */
function checkIdentityProvider(res: CfnResource, index: TemplateIndex) {
  const { bad, open, ok } = credentials(index, IDP_SECRETS.map((k) => [k, index.prop(res, `ProviderDetails.${k}`)]));
  const prop = 'Properties.ProviderDetails';
  const label = (xs: string[]) => xs.map((x) => `identity provider ${res.logicalId}: ${x}`);
  if (bad.length > 0) return fail(prop, '(redacted)', `secret in plain text in the template: ${label(bad).join('; ')}; ${REFERENCE_FIX}`);
  if (open.length > 0) return unknown(prop, open.join('; '), `cannot tell at synth whether the identity provider's secret is written in plain text: ${label(open).join('; ')}`);
  return ok.length > 0 ? pass(prop, ok.join('; '), `identity provider secret passed by reference: ${label(ok).join('; ')}`) : undefined;
}

const ELB_LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const ELB_LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

/**
 * The OIDC client secret of an Application Load Balancer's `authenticate-oidc` actions (a listener's
 * `DefaultActions`, a listener rule's `Actions`): the secret itself, judged as an EventBridge connection's is
 * (`credentials`). `UseExistingClientSecret: true` writes none. A fail-only type: nothing is said of a listener
 * whose secret is passed by reference (the endpoint items are not about secrets).
 */
function checkOidcSecrets(res: CfnResource, index: TemplateIndex) {
  const path = res.type === ELB_LISTENER ? 'DefaultActions' : 'Actions';
  const actions = index.prop(res, path);
  if (actions.k === 'unknown') return undefined; // what the actions are is the endpoint rules' to judge
  const values: [string, Val][] = (index.items(actions) ?? []).map((a, i) => [`${path}.${i}.AuthenticateOidcConfig.ClientSecret`, index.field(a, 'AuthenticateOidcConfig.ClientSecret')]);
  const { bad, open } = credentials(index, values);
  const label = (xs: string[]) => xs.map((x) => `${res.logicalId} ${x}`);
  if (bad.length > 0) return fail(`Properties.${path}`, '(redacted)', `OIDC client secret in plain text in the template: ${label(bad).join('; ')}; ${REFERENCE_FIX}`);
  if (open.length > 0) return unknown(`Properties.${path}`, open.join('; '), `cannot tell at synth whether the OIDC client secret is written in plain text: ${label(open).join('; ')}`);
  return undefined;
}

/** HTTP headers that carry a credential whatever its form (RFC 9110 Authorization, Proxy-Authorization; cookies). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Judgements gathered over the values of one resource. */
interface Gathered { bad: string[]; open: string[]; ok: string[] }

/** One named value judged into `into` (see judgeValue), an HTTP credential header as a secret whatever its name. */
function gather(into: Gathered, label: string, name: string, v: Val, index: TemplateIndex, header = false) {
  const j = judgeValue(name, v, index, header && CREDENTIAL_HEADERS.has(name.toLowerCase()));
  if (j.bad) into.bad.push(`${label}: ${j.bad}`);
  if (j.open) into.open.push(`${label}: ${j.open}`);
  if (j.ok) into.ok.push(`${label}: ${j.ok}`);
}

/**
 * The `HttpParameters` of an EventBridge rule target or of a pipe's target or enrichment: the values of
 * `HeaderParameters` and `QueryStringParameters` are written into the target configuration and judged like
 * environment variables (an `Authorization`, `Proxy-Authorization` or `Cookie` header holds a credential whatever
 * it is called); `PathParameterValues` entries for what they are (a token format, a URL with a password).
 */
function gatherHttpParameters(into: Gathered, label: string, http: Val, index: TemplateIndex) {
  if (http.k === 'absent') return;
  if (http.k === 'unknown') { into.open.push(`${label}: HttpParameters computed at deploy time (${http.why})`); return; }
  for (const part of ['HeaderParameters', 'QueryStringParameters']) {
    const values = index.field(http, part);
    if (values.k === 'absent') continue;
    if (values.k === 'unknown') { into.open.push(`${label}: ${part} computed at deploy time (${values.why})`); continue; }
    const vars = index.keys(values) ?? [];
    for (const [name, v] of vars) gather(into, `${label} ${part}`, name, v, index, part === 'HeaderParameters');
    const pair = keyPairProblem(vars);
    if (pair) into.bad.push(`${label} ${part}: ${pair}`);
  }
  const paths = index.field(http, 'PathParameterValues');
  if (paths.k === 'unknown') into.open.push(`${label}: PathParameterValues computed at deploy time (${paths.why})`);
  (index.items(paths) ?? []).forEach((v, i) => gather(into, `${label} PathParameterValues`, `#${i}`, v, index));
}

/**
 * An EventBridge rule's targets: the header and query string values of their
 * `HttpParameters` (API Gateway and API destination targets) are written into
 * the rule's target configuration, and are judged like environment variables.
 */
function checkEventsRule(res: CfnResource, index: TemplateIndex) {
  const prop = 'Properties.Targets';
  const targets = index.prop(res, 'Targets');
  if (targets.k === 'unknown') return unknown(prop, targets, `rule ${res.logicalId}: targets computed at deploy time (${targets.why})`);
  const into: Gathered = { bad: [], open: [], ok: [] };
  let judged = false;
  for (const t of index.items(targets) ?? []) {
    const http = index.field(t, 'HttpParameters');
    if (http.k === 'absent') continue;
    judged = true;
    gatherHttpParameters(into, `target ${V.str(index.field(t, 'Id')) ?? '(target)'}`, http, index);
  }
  return judged ? verdict(prop, into.bad, into.open, into.ok) : undefined;
}

/**
 * An EventBridge pipe (`AWS::Pipes::Pipe`): the `HttpParameters` of its target (an API destination, an API Gateway
 * REST API) and of its enrichment are written into the pipe's configuration, judged as a rule target's are.
 */
function checkPipe(res: CfnResource, index: TemplateIndex) {
  const into: Gathered = { bad: [], open: [], ok: [] };
  let judged = false;
  for (const at of ['TargetParameters', 'EnrichmentParameters']) {
    const http = index.prop(res, `${at}.HttpParameters`);
    if (http.k === 'absent') continue;
    judged = true;
    gatherHttpParameters(into, `pipe ${res.logicalId} ${at}`, http, index);
  }
  return judged ? verdict('Properties.TargetParameters.HttpParameters', into.bad, into.open, into.ok) : undefined;
}

/**
 * Task states whose request the definition writes, the parts of it that carry data, and which part is HTTP headers
 * (an `Authorization` header holds a credential whatever it is called): the HTTPS endpoint task and API Gateway's,
 * and the optimized integrations that send a payload: a Lambda invocation's `Payload`, a child execution's `Input`,
 * an SQS message's `MessageBody`, an SNS `Message`, EventBridge `Entries` (their `Detail`). `.sync`,
 * `.waitForTaskToken` suffixes included.
 */
const WRITTEN_TASKS: readonly { re: RegExp; parts: string[]; headers?: string }[] = [
  { re: /:states:::(http:invoke|apigateway:invoke)(\.|$)/, parts: ['Headers', 'QueryParameters', 'RequestBody'], headers: 'Headers' },
  { re: /:states:::(lambda:invoke)(\.|$)/, parts: ['Payload'] },
  { re: /:states:::(states:startExecution)(\.|$)/, parts: ['Input'] },
  { re: /:states:::(sqs:sendMessage)(\.|$)/, parts: ['MessageBody'] },
  { re: /:states:::(sns:publish)(\.|$)/, parts: ['Message'] },
  { re: /:states:::(events:putEvents)(\.|$)/, parts: ['Entries'] },
];
/** A task whose Resource is a Lambda function's ARN: its `Parameters` (or `Arguments`) are the invocation's payload, whole. */
const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;
/** A JSONata expression (`{% ... %}`) or an intrinsic function (`States.Format('Bearer {}', $.token)`): its quoted literals are what it writes. */
const QUOTED = /'((?:[^'\\]|\\.){0,400})'|"((?:[^"\\]|\\.){0,400})"/g;
/** Where a walk of a state machine definition gives up (objects visited). */
const DEFINITION_BUDGET = 20000;

/**
 * A value of a task's request that is an expression evaluated at run time (a JSONata `{% ... %}` string, or a
 * JSONPath `Name.$` key's path or intrinsic function): its quoted literals are judged. A well-known token format or a
 * URL with a password among them fails; under a secret-looking name, a literal of 6 letters or digits or more (an
 * authentication scheme aside) is unknown (it may be a piece of the secret or a key of the state's input).
 */
function gatherExpression(into: Gathered, label: string, name: string, text: string, credential: boolean) {
  // An authentication scheme alone (`'Bearer '`) is a prefix of the credential, not a piece of it.
  const quoted = [...text.matchAll(QUOTED)].map((m) => m[1] ?? m[2] ?? '').filter((q) => !/^\s*(bearer|basic|token|digest)\s*$/i.test(q)).join(' ');
  const token = secretTokenIn(quoted);
  if (token) { into.bad.push(`${label}: ${name} (${token} written in the expression)`); return; }
  if (hasUrlCredentials(quoted)) { into.bad.push(`${label}: ${name} (a URL with a literal password written in the expression)`); return; }
  if ((credential || isSecretName(name)) && writtenSecretPiece(quoted)) into.open.push(`${label}: ${name} (the expression ${text.slice(0, 80)} writes a literal that may be a piece of the secret)`);
}

/**
 * A value of a definition written as text with `\${Name}` placeholders of `DefinitionSubstitutions`: the value the
 * substitutions give it. A placeholder alone is the substitution's value; one inside text, a value computed at
 * deploy (a template parameter in it decides: judged as a parameter inside a `Fn::Sub`).
 */
function substituted(v: Val, subs: Val, index: TemplateIndex): Val {
  const written = v.k === 'lit' ? V.str(v) : undefined;
  if (written === undefined || !written.includes('\${') || subs.k === 'absent') return v;
  if (subs.k === 'unknown') return { k: 'unknown', why: `DefinitionSubstitutions computed at deploy time (${subs.why})` };
  const whole = /^\$\{([^${}]{1,200})\}$/.exec(written);
  if (whole) {
    const sv = index.key(subs, whole[1]);
    return sv.k === 'absent' ? v : sv;
  }
  const params: string[] = [];
  const refs: CfnResource[] = [];
  let computed = false;
  const text = written.replace(/\$\{([^${}]{1,200})\}/g, (m, key: string) => {
    const sv = index.key(subs, key);
    if (sv.k === 'absent') return m;
    if (sv.k === 'lit') return V.show(sv);
    computed = true;
    if (sv.k === 'unknown') params.push(...(sv.param !== undefined ? [sv.param] : []), ...(sv.params ?? []));
    // A reference placed as the index places it (`refMark`): text built around it reads as an Fn::Sub's would.
    if (sv.k === 'ref') { refs.push(sv.target); return refMark(sv.target.logicalId, sv.attr); }
    if (sv.k === 'expr') { refs.push(...sv.refs); return sv.text; }
    return `\${${key}}`;
  });
  if (!computed) return { k: 'lit', v: text };
  if (params.length > 0) return { k: 'unknown', why: `built from DefinitionSubstitutions (${text})`, params };
  return { k: 'expr', text, refs };
}

/** One value of a task's request (a header, a query parameter, a field of the body), named by its key. */
function gatherRequestValue(into: Gathered, label: string, key: string, raw: Val, subs: Val, index: TemplateIndex, header: boolean, depth: number) {
  const name = key.endsWith('.$') ? key.slice(0, -2) : key;
  const credential = header && CREDENTIAL_HEADERS.has(name.toLowerCase());
  const v = substituted(raw, subs, index);
  if (v.k === 'lit' && typeof v.v === 'string' && (key.endsWith('.$') || /^\s*\{%[\s\S]*%\}\s*$/.test(v.v))) {
    gatherExpression(into, label, name, v.v, credential);
    return;
  }
  if (v.k === 'lit' && v.v !== null && typeof v.v === 'object' && depth < 20) {
    // A list of values (API Gateway task headers), or an object (a request body): each judged by the key it is under.
    if (Array.isArray(v.v)) (index.items(v) ?? []).forEach((x) => gatherRequestValue(into, label, key, x, subs, index, header, depth + 1));
    else for (const [k, x] of index.keys(v) ?? []) gatherRequestValue(into, label, k, x, subs, index, header, depth + 1);
    return;
  }
  gather(into, label, name, v, index, header);
}

/**
 * A Step Functions state machine: the request of each task that calls an HTTPS endpoint (`arn:aws:states:::http:invoke`)
 * or an API Gateway API (`apigateway:invoke`), at any depth of the definition (Parallel branches, Map processors):
 * its `Headers`, `QueryParameters` and `RequestBody`; the payload of each task that sends one (`WRITTEN_TASKS`: a
 * Lambda invocation's `Payload`, a child execution's `Input`, an SQS `MessageBody`, an SNS `Message`, EventBridge
 * `Entries`; the whole arguments of a task whose Resource is a function's ARN); in `Parameters` (JSONPath) or
 * `Arguments` (JSONata), with
 * `DefinitionSubstitutions` applied, are written into the state machine's definition, which anyone allowed
 * `states:DescribeStateMachine` reads. They are judged like environment variables (an `Authorization` header holds a
 * credential whatever it is called); a JSONata expression or an intrinsic function is judged by its quoted
 * literals (see gatherExpression). `Authentication.ConnectionArn` (an EventBridge connection, judged on its own) is
 * how such a task carries credentials. A definition in S3 (`DefinitionS3Location`) is not read: unknown. A
 * definition that is not JSON, or decided at deploy time, is unknown.
 */
function checkStateMachine(res: CfnResource, index: TemplateIndex) {
  const props = index.prop(res, '');
  let prop = 'Properties.Definition';
  let def = index.document(props, 'Definition');
  if (def.k === 'absent') { prop = 'Properties.DefinitionString'; def = index.document(props, 'DefinitionString'); }
  if (def.k === 'absent') {
    const s3 = index.prop(res, 'DefinitionS3Location');
    return s3.k === 'absent' ? undefined : unknown('Properties.DefinitionS3Location', s3, `state machine ${res.logicalId}: the definition is read from S3 (DefinitionS3Location), which the check does not read: its HTTP tasks may write a credential in plain text`);
  }
  if (def.k !== 'lit') return unknown(prop, def, `state machine ${res.logicalId}: the definition cannot be read at synth (${def.k === 'unknown' ? def.why : V.show(def)}): its HTTP tasks may write a credential in plain text`);
  const subs = index.prop(res, 'DefinitionSubstitutions');
  const into: Gathered = { bad: [], open: [], ok: [] };
  let judged = false;
  let budget = DEFINITION_BUDGET;
  const walk = (node: Val, depth: number): void => {
    if (node.k !== 'lit' || node.v === null || typeof node.v !== 'object' || depth > 60 || budget-- <= 0) return;
    if (Array.isArray(node.v)) { for (const x of index.items(node) ?? []) walk(x, depth + 1); return; }
    const resource = substituted(index.key(node, 'Resource'), subs, index);
    const text = resource.k === 'lit' ? V.show(resource) : resource.k === 'expr' ? resource.text : '';
    const task = WRITTEN_TASKS.map((t) => ({ t, m: t.re.exec(text) })).find((x) => x.m);
    // A function's ARN as the Resource (written, or a reference to a function of the template): the arguments are its payload.
    const lambdaArn = !task && (LAMBDA_ARN.test(text) || (resource.k === 'ref' && resource.target.type === 'AWS::Lambda::Function')
      || (resource.k === 'expr' && /^\$\{\u0005[^.}]+\.Arn\}$/.test(resource.text) && resource.refs.some((r) => r.type === 'AWS::Lambda::Function')));
    if (task || lambdaArn) {
      judged = true;
      for (const at of ['Parameters', 'Arguments']) {
        const args = index.key(node, at);
        if (args.k === 'absent') continue;
        const label = `state machine ${res.logicalId} task ${task ? task.m![1] : 'Lambda function'}`;
        if (args.k !== 'lit' || typeof args.v !== 'object' || args.v === null) {
          if (args.k === 'lit' && typeof args.v === 'string') gatherExpression(into, label, at, args.v, false);
          else into.open.push(`${label}: ${at} computed at deploy time`);
          continue;
        }
        if (!task) {
          // The whole of the arguments is the payload, each field judged by its name.
          for (const [key, v] of index.keys(args) ?? []) gatherRequestValue(into, label, key, v, subs, index, false, 0);
          continue;
        }
        for (const part of task.t.parts) {
          for (const key of [part, `${part}.$`]) {
            const v = index.key(args, key);
            if (v.k !== 'absent') gatherRequestValue(into, label, key, v, subs, index, part === task.t.headers, 0);
          }
        }
      }
    }
    for (const [, child] of index.keys(node) ?? []) walk(child, depth + 1);
  };
  walk(def, 0);
  if (budget <= 0) into.open.push(`state machine ${res.logicalId}: the definition is too large to read whole`);
  if (!judged && into.open.length === 0) return undefined;
  return verdict(prop, into.bad, into.open, into.ok);
}

/**
 * SECRETS-NO-PLAINTEXT: no secret value written in configuration.
 *
 * Reads function, container and job environments, instance user data, CodeBuild variables, SSM String parameters,
 * template parameters, EventBridge connections, the HttpParameters of EventBridge rule targets and of pipes (targets
 * and enrichments), and the requests of Step Functions HTTP tasks (`http:invoke`, `apigateway:invoke`) and the payloads
 * of their Lambda, child execution, SQS, SNS and EventBridge tasks: see each
 * check function. An `AWS::Events::ApiDestination`'s `InvocationEndpoint` is not judged: EventBridge accepts only
 * HTTPS endpoints for API destinations (EventBridge User Guide, "API destinations as targets"), and no item of the
 * catalog is about TLS to an external dependency. The template's Outputs are read for what they publish: an
 * output holding a secret attribute (`AWS::IAM::AccessKey.SecretAccessKey`, `AWS::Cognito::UserPoolClient.ClientSecret`:
 * failed on that resource, which is otherwise not judged) or a NoEcho or secret parameter (failed on the parameter).
 */
export const SecretsNoPlaintext: AwsRule = {
  id: 'SecretsNoPlaintext',
  items: ['SECRETS-NO-PLAINTEXT'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::AppRunner::Service', 'AWS::Batch::JobDefinition', 'AWS::Glue::Job',
    'AWS::CodeBuild::Project', PARAMETER_TYPE, 'AWS::SSM::Parameter', 'AWS::Events::Connection', 'AWS::Events::Rule', 'AWS::Pipes::Pipe', 'AWS::StepFunctions::StateMachine', ...Object.keys(USER_DATA), ...Object.keys(SECRET_ATTRIBUTES), ELB_LISTENER, ELB_LISTENER_RULE, COGNITO_IDP],
  failOnlyTypes: [...Object.keys(USER_DATA), ...Object.keys(SECRET_ATTRIBUTES), ELB_LISTENER, ELB_LISTENER_RULE],
  severity: Severity.CRITICAL,
  description: 'No secret-looking name (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL) carries a literal, and no value under any name is a well-known secret token (Stripe, GitHub, GitLab, Slack, npm, PEM private key, AWS access key pair) or a URL with a password, in Lambda or container environment, EC2 user data (what can be seen in a script: an instance keeps the item unknown whatever it holds), App Runner runtime variables, Batch container environment (ECS, EKS, multi-node), Glue job arguments, CodeBuild PLAINTEXT variables, the HTTP header and query string values of EventBridge rule targets and of pipes\' targets and enrichments (an Authorization, Proxy-Authorization or Cookie header holds a credential whatever its name), the Headers, QueryParameters and RequestBody of Step Functions HTTP and API Gateway tasks and the payloads of their Lambda, child execution, SQS, SNS and EventBridge tasks (DefinitionSubstitutions applied; JSONata and intrinsic expressions by their quoted literals; a definition in S3 is unknown), SSM String parameters or template parameters (secret ones must be NoEcho without a default). A NoEcho or secret template parameter written into any of these values, alone or inside Fn::Sub/Fn::Join, is plain text whatever the name; the API key, password or OAuth client secret of an EventBridge connection, the OIDC client secret of a load balancer\'s authenticate-oidc action and the client secret or private key of a Cognito identity provider must come from Secrets Manager or a NoEcho parameter without a Default; under a secret-looking name, an SSM parameter\'s Value is plain text and a custom resource attribute or nested stack output is unknown. A stack output that publishes an access key\'s SecretAccessKey, a user pool client\'s ClientSecret or a NoEcho or secret parameter fails (NoEcho does not mask Outputs).',
  fix: 'Keep the value in Secrets Manager: pass the secret ARN and read it at runtime, or use ECS Secrets (valueFrom); make secret parameters NoEcho with no Default.',
  check(res, { index }) {
    if (res.type === PARAMETER_TYPE) return checkParameter(res, index);
    if (res.type === 'AWS::SSM::Parameter') return checkSsmParameter(res, index);
    if (res.type === 'AWS::CodeBuild::Project') return checkCodeBuild(res, index);
    if (res.type === 'AWS::Events::Connection') return checkEventsConnection(res, index);
    if (res.type === ELB_LISTENER || res.type === ELB_LISTENER_RULE) return checkOidcSecrets(res, index);
    if (res.type === COGNITO_IDP) return checkIdentityProvider(res, index);
    if (res.type === 'AWS::Events::Rule') return checkEventsRule(res, index);
    if (res.type === 'AWS::Pipes::Pipe') return checkPipe(res, index);
    if (res.type === 'AWS::StepFunctions::StateMachine') return checkStateMachine(res, index);
    if (USER_DATA[res.type]) return checkUserData(res, index);
    if (SECRET_ATTRIBUTES[res.type]) return checkSecretAttribute(res, index);
    return checkCompute(res, index);
  },
};
