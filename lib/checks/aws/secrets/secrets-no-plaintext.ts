/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, PARAMETER_TYPE, TemplateIndex, V, Val } from '../../template-index';
import { environments } from '../config/environment';
import { hasUrlCredentials, isHarmlessLiteral, isSecretName } from './secret-names';
import { replaceSubReferences } from '../../sub-references';

type Judgement = { bad?: string; open?: string; ok?: string };

/** Judge one named value. Names that do not look secret are only checked for URLs with credentials. */
function judgeValue(name: string, v: Val, raw: any, index: TemplateIndex): Judgement {
  const secretName = isSecretName(name);
  switch (v.k) {
    case 'absent':
      return {};
    case 'lit': {
      if (typeof v.v === 'string' && hasUrlCredentials(v.v)) return { bad: `${name} (URL with a password)` };
      if (!secretName || isHarmlessLiteral(v.v)) return {};
      return { bad: `${name} (literal value)` };
    }
    case 'expr':
      if (hasUrlCredentials(replaceSubReferences(v.text, () => 'x'))) return { bad: `${name} (URL with a literal password)` };
      return secretName ? { ok: `${name} from ${v.refs.map((r) => r.logicalId).join(', ')}` } : {};
    case 'ref':
      return secretName ? { ok: `${name} → ${v.target.logicalId}` } : {};
    case 'secret':
      // CloudFormation resolves the dynamic reference at deploy and writes the secret VALUE into the
      // function or task configuration, where anyone with read access to it sees it.
      return { bad: `${name} (a Secrets Manager value resolved into the environment at deploy: it is readable in the configuration; pass the secret ARN, or use ECS Secrets)` };
    case 'unknown': {
      if (!secretName) return {};
      const param = raw && typeof raw === 'object' && typeof raw.Ref === 'string' ? index.parameters[raw.Ref] : undefined;
      if (param) {
        if (param.Default !== undefined && param.Default !== '') return { bad: `${name} (parameter ${raw.Ref} has a default value in the template)` };
        if (param.NoEcho !== true && param.NoEcho !== 'true') return { bad: `${name} (parameter ${raw.Ref} is not NoEcho: the value shows in the console)` };
        return { ok: `${name} from NoEcho parameter ${raw.Ref}` };
      }
      return { open: `${name} (${v.why})` };
    }
  }
}

function rawVar(res: CfnResource, name: string, position?: number): any {
  if (position === undefined) return res.properties?.Environment?.Variables?.[name];
  const env: any[] = res.properties?.ContainerDefinitions?.[position]?.Environment ?? [];
  return env.find?.((e) => e?.Name === name)?.Value;
}

function checkCompute(res: CfnResource, index: TemplateIndex) {
  const envs = environments(res, index, false) ?? [];
  const bad: string[] = [];
  const open: string[] = [];
  const ok: string[] = [];
  for (const env of envs) {
    if (env.unknown) {
      open.push(`${env.label}: environment computed at deploy time`);
      continue;
    }
    for (const [name, v] of env.vars) {
      const j = judgeValue(name, v, rawVar(res, name, env.position), index);
      if (j.bad) bad.push(`${env.label}: ${j.bad}`);
      if (j.open) open.push(`${env.label}: ${j.open}`);
      if (j.ok) ok.push(`${env.label}: ${j.ok}`);
    }
    if (env.container) {
      const secrets = V.list(index.at(env.container, 'Secrets')) ?? [];
      if (secrets.length > 0) ok.push(`${env.label}: ${secrets.length} secret(s) injected from Secrets Manager/SSM (Secrets valueFrom)`);
    }
  }
  const prop = res.type === 'AWS::Lambda::Function' ? 'Properties.Environment.Variables' : 'Properties.ContainerDefinitions';
  if (bad.length > 0) return fail(prop, bad.join('; '), `secret in plain text in the environment: ${bad.join('; ')}`);
  if (open.length > 0) return unknown(prop, open.join('; '), `cannot tell at synth whether these values are secrets: ${open.join('; ')}`);
  return pass(prop, ok.join('; ') || undefined, ok.length > 0 ? `secrets passed by reference: ${ok.join('; ')}` : 'no secret-looking variable holds a literal value');
}

function checkParameter(res: CfnResource) {
  if (!isSecretName(res.logicalId)) return undefined;
  const def = res.properties;
  const type = String(def.Type ?? '');
  if (type.startsWith('AWS::SSM::Parameter::Value')) return pass('Type', type, `parameter ${res.logicalId} names an SSM parameter; the value is read at deploy`);
  if (def.Default !== undefined && def.Default !== '') return fail('Default', '(redacted)', `secret-looking parameter ${res.logicalId} has a default value written in the template`);
  if (def.NoEcho !== true && def.NoEcho !== 'true') return fail('NoEcho', def.NoEcho === undefined ? '(not set)' : String(def.NoEcho), `secret-looking parameter ${res.logicalId} is not NoEcho: its value shows in the console and in describe-stacks`);
  return pass('NoEcho', 'true', `secret-looking parameter ${res.logicalId} is NoEcho with no default`);
}

function checkSsmParameter(res: CfnResource, index: TemplateIndex) {
  const nameVal = index.prop(res, 'Name');
  const name = V.str(nameVal) ?? res.logicalId;
  const last = name.split('/').filter((s) => s !== '').pop() ?? name;
  const value = index.prop(res, 'Value');
  const j = judgeValue(last, value, res.properties.Value, index);
  if (j.bad) return fail('Properties.Value', '(redacted)', `SSM String parameter ${name} holds a secret in plain text (CloudFormation cannot create SecureString parameters; use Secrets Manager)`);
  if (j.open) return unknown('Properties.Value', value, `SSM parameter ${name}: ${j.open}`);
  return isSecretName(last) ? pass('Properties.Value', value, `SSM parameter ${name} holds a reference, not a literal secret`) : undefined;
}

/** SECRETS-NO-PLAINTEXT: no secret value written in configuration. */
export const SecretsNoPlaintext: AwsRule = {
  id: 'SecretsNoPlaintext',
  items: ['SECRETS-NO-PLAINTEXT'],
  types: ['AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', PARAMETER_TYPE, 'AWS::SSM::Parameter'],
  severity: Severity.CRITICAL,
  description: 'No secret-looking name (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL) carries a literal in Lambda or container environment, SSM String parameters or template parameters (which must be NoEcho without a default).',
  fix: 'Keep the value in Secrets Manager: pass the secret ARN and read it at runtime, or use ECS Secrets (valueFrom); make secret parameters NoEcho with no Default.',
  check(res, { index }) {
    if (res.type === PARAMETER_TYPE) return checkParameter(res);
    if (res.type === 'AWS::SSM::Parameter') return checkSsmParameter(res, index);
    return checkCompute(res, index);
  },
};
