import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { isSecretName } from '../../cfn/secret-values';
import { present, serviceSettings, textOf } from './settings';

const SSM_DYNAMIC = /\{\{resolve:ssm:([^}:]+)(?::(\d+))?\}\}/;
const CDK_ASSETS = /cdk-[a-z0-9]+-assets-/;

/**
 * CONFIG-AS-CODE: the runtime configuration of service compute is declared in
 * the stack, so it rolls out and back with the release.
 *
 * Decisions — what fails is configuration read from a place the release does
 * not version:
 * - an environment value that is an unversioned SSM dynamic reference
 *   (`{{resolve:ssm:/app/x}}`; `{{resolve:ssm:/app/x:3}}` pins a version and passes);
 * - an ECS secret whose `ValueFrom` names an SSM parameter not declared in the
 *   template, for a setting that is not secret-named (a plain setting kept out
 *   of band; secrets in Secrets Manager / SecureString are expected out of band);
 * - an ECS environment file in S3 that is not a CDK asset and not in a bucket
 *   of this template.
 * Template parameters pass: CloudFormation records and rolls back their values
 * with the stack.
 */
export const ConfigDeclaredInStack: AwsRule = {
  id: 'ConfigDeclaredInStack',
  items: ['CONFIG-AS-CODE'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.LOW,
  description: 'Service compute configuration comes from the template (literals, references, parameters, version-pinned SSM references), not from unversioned SSM parameters or S3 environment files outside the stack.',
  fix: 'Declare settings in the stack (environment, ssm.StringParameter in the same app) or pin SSM references to a version; ship environment files as CDK assets.',
  check(res, { index }) {
    const sources = serviceSettings(res, index);
    if (!sources) return undefined;
    return sources.map((src): Verdict => {
      const bad: string[] = [];
      const open: string[] = [];
      let n = 0;
      for (const s of src.settings) {
        if (!present(s)) continue;
        n++;
        if (s.fromSecret) {
          if (isSecretName(s.name)) continue;
          const v = s.val;
          if (v.k === 'ref' || v.k === 'expr') {
            const inStack = (v.k === 'ref' ? [v.target] : v.refs).some((r) => r.type === 'AWS::SSM::Parameter');
            if (inStack) continue;
          }
          if (v.k === 'unknown') { open.push(`${s.name} (${v.why})`); continue; }
          const t = V.str(v) ?? '';
          if (/^arn:[^:]+:ssm:|^\/|^[A-Za-z0-9_.-]+$/.test(t) && !/:secretsmanager:/.test(t)) bad.push(`${s.name} from SSM parameter ${t}, outside the stack`);
          continue;
        }
        const why = s.val.k === 'unknown' ? s.val.why : '';
        const m = SSM_DYNAMIC.exec(why);
        if (m && m[2] === undefined) bad.push(`${s.name} resolved from SSM parameter ${m[1]} (latest version, edited outside the release)`);
      }
      const files = src.env.containerVal ? index.field(src.env.containerVal, 'EnvironmentFiles') : undefined;
      if (files?.k === 'unknown') open.push(`environment files (${files.why})`);
      for (const f of (files && index.items(files)) ?? []) {
        const v = index.field(f, 'Value');
        n++;
        if (v.k === 'unknown') { open.push(`environment file (${v.why})`); continue; }
        const text = textOf(v) ?? '';
        if (CDK_ASSETS.test(text)) continue;
        if ([...index.refsOf(v)].some((id) => index.get(id)?.type === 'AWS::S3::Bucket')) continue;
        bad.push(`environment file ${text || V.show(v)} in S3 outside the stack`);
      }
      if (src.unknown) return unknown(src.path, undefined, `${src.label}: environment decided at deploy time (${src.unknown})`);
      if (bad.length > 0) return fail(src.path, bad.join('; '), `${src.label}: configuration outside the release: ${bad.join('; ')}`);
      if (open.length > 0) return unknown(src.path, open.join('; '), `${src.label}: decided at deploy time: ${open.join('; ')}`);
      return pass(src.path, `${n} setting(s)`, `${src.label}: all ${n} setting(s) declared in the template`);
    });
  },
};
