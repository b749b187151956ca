import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, PARAMETER_TYPE, TemplateIndex, V, Val } from '../../template-index';
import { environments } from '../../cfn/environment';
import { replaceSubReferences } from '../../cfn/documents';
import { hasUrlCredentials, isSecretName, isSecretParameter, literalSecretProblem, parameterField, parameterOf } from '../../cfn/secret-values';

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
    if (attr !== undefined && v.text.includes(`\${${r.logicalId}.${attr}}`)) return `${r.logicalId}.${attr}`;
  }
  return undefined;
}

/**
 * Judge one named value. Names that do not look secret are only checked for
 * URLs with credentials. A secret-looking name must reach the process by
 * reference (an ARN, a resource): a literal, a Secrets Manager value resolved
 * into the configuration, or a template parameter's value (NoEcho or not: it
 * is written into the function or task configuration in plain text) fails.
 * Whatever the name, a reference to an attribute that is a secret value
 * (`AWS::IAM::AccessKey.SecretAccessKey`, `AWS::Cognito::UserPoolClient.ClientSecret`) fails.
 */
function judgeValue(name: string, v: Val, index: TemplateIndex): Judgement {
  const secretName = isSecretName(name);
  const attribute = secretAttributeIn(v);
  if (attribute) return { bad: `${name} (${attribute} is the secret itself, written into the configuration in plain text; keep it in Secrets Manager and pass the secret ARN)` };
  switch (v.k) {
    case 'absent':
      return {};
    case 'lit': {
      const problem = literalSecretProblem(name, v.v);
      return problem ? { bad: `${name} (${problem})` } : {};
    }
    case 'expr':
      // Computed parts (\${...}) are dropped: only a password written in the template counts.
      if (hasUrlCredentials(replaceSubReferences(v.text, () => ''))) return { bad: `${name} (URL with a literal password)` };
      return secretName ? { ok: `${name} from ${v.refs.map((r) => r.logicalId).join(', ')}` } : {};
    case 'ref':
      return secretName ? { ok: `${name} → ${v.target.logicalId}` } : {};
    case 'secret':
      // CloudFormation resolves the dynamic reference at deploy and writes the secret VALUE into the
      // function or task configuration, where anyone with read access to it sees it.
      return { bad: `${name} (a Secrets Manager value resolved into the environment at deploy: it is readable in the configuration; pass the secret ARN, or use ECS Secrets)` };
    case 'unknown': {
      if (!secretName) return {};
      const param = parameterOf(v, index);
      if (param) {
        const d = parameterField(index, param, 'Default');
        const why = d.k === 'lit' && String(d.v) !== '' ? ', and its default value is in the template' : '';
        return { bad: `${name} (the value of parameter ${param} is written into the configuration in plain text${why}; pass a Secrets Manager ARN, or use ECS Secrets)` };
      }
      return { open: `${name} (${v.why})` };
    }
  }
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
      const j = judgeValue(name, v, index);
      if (j.bad) bad.push(`${env.label}: ${j.bad}`);
      if (j.open) open.push(`${env.label}: ${j.open}`);
      if (j.ok) ok.push(`${env.label}: ${j.ok}`);
    }
    if (env.container) {
      const secrets = index.items(index.at(env.container, 'Secrets')) ?? [];
      if (secrets.length > 0) ok.push(`${env.label}: ${secrets.length} secret(s) injected from Secrets Manager/SSM (Secrets valueFrom)`);
    }
  }
  const prop = res.type === 'AWS::Lambda::Function' ? 'Properties.Environment.Variables' : 'Properties.ContainerDefinitions';
  if (bad.length > 0) return fail(prop, bad.join('; '), `secret in plain text in the environment: ${bad.join('; ')}`);
  if (open.length > 0) return unknown(prop, open.join('; '), `cannot tell at synth whether these values are secrets: ${open.join('; ')}`);
  return pass(prop, ok.join('; ') || undefined, ok.length > 0 ? `secrets passed by reference: ${ok.join('; ')}` : 'no secret-looking variable holds a literal value');
}

/**
 * A template parameter that holds a secret (by its meaning: see
 * isSecretParameter) must be NoEcho and have no default.
 */
function checkParameter(res: CfnResource, index: TemplateIndex) {
  if (!isSecretParameter(index, res.logicalId)) return undefined;
  const type = V.str(index.prop(res, 'Type')) ?? '';
  if (type.startsWith('AWS::SSM::Parameter::Value')) return pass('Type', type, `parameter ${res.logicalId} names an SSM parameter; the value is read at deploy`);
  const d = index.prop(res, 'Default');
  if (d.k !== 'absent' && V.str(d) !== '') return fail('Default', '(redacted)', `secret-looking parameter ${res.logicalId} has a default value written in the template`);
  const noEcho = index.prop(res, 'NoEcho');
  if (!V.isTrue(noEcho)) return fail('NoEcho', noEcho.k === 'absent' ? '(not set)' : V.show(noEcho), `secret-looking parameter ${res.logicalId} is not NoEcho: its value shows in the console and in describe-stacks`);
  return pass('NoEcho', 'true', `secret-looking parameter ${res.logicalId} is NoEcho with no default`);
}

function checkSsmParameter(res: CfnResource, index: TemplateIndex) {
  const nameVal = index.prop(res, 'Name');
  const name = V.str(nameVal) ?? res.logicalId;
  const last = name.split('/').filter((s) => s !== '').pop() ?? name;
  const value = index.prop(res, 'Value');
  const j = judgeValue(last, value, index);
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
    if (res.type === PARAMETER_TYPE) return checkParameter(res, index);
    if (res.type === 'AWS::SSM::Parameter') return checkSsmParameter(res, index);
    return checkCompute(res, index);
  },
};
