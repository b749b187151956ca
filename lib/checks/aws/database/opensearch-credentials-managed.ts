import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { OPENSEARCH_TYPES } from '../../cfn/opensearch';
import { parameterOf } from '../../cfn/secret-values';

/**
 * DB-CREDENTIALS-MANAGED for OpenSearch Service (and Elasticsearch) domains. A domain has a master password only
 * with fine-grained access control and a master user of the internal user database
 * (`AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword`). Without fine-grained access control, or with an
 * IAM master user (`MasterUserARN`) and no password, there is no master password (pass: IAM credentials, DB-IAM-AUTH).
 * A password written in the template or passed as a parameter fails (nothing keeps or rotates it); a
 * `{{resolve:secretsmanager:...}}` reference is unknown: no rotation AWS provides changes an OpenSearch master
 * password, so whether the secret's rotation function updates the domain cannot be read from the template.
 */
export const OpenSearchCredentialsManaged: AwsRule = {
  id: 'OpenSearchCredentialsManaged',
  items: ['DB-CREDENTIALS-MANAGED'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains have no master password in the template: IAM authentication (no fine-grained access control, or an IAM master user), or a Secrets Manager reference.',
  fix: 'Use an IAM master user (fineGrainedAccessControl: { masterUserArn }) rather than a master user name and password; if a password is needed, resolve it from Secrets Manager and rotate it with a function that updates the domain.',
  check(res, { index }) {
    const a = 'Properties.AdvancedSecurityOptions';
    const fgac = index.prop(res, 'AdvancedSecurityOptions.Enabled');
    if (fgac.k === 'unknown') return unknown(`${a}.Enabled`, fgac, `fine-grained access control decided at deploy time (${fgac.why})`);
    const p = `${a}.MasterUserOptions.MasterUserPassword`;
    const pw = index.prop(res, 'AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword');
    if (!V.isTrue(fgac)) return pass(`${a}.Enabled`, fgac, 'no fine-grained access control: the domain has no master user or password (IAM credentials sign every request)');
    switch (pw.k) {
      case 'absent': return pass(p, '(not set)', 'no master password: the master user is an IAM principal');
      case 'lit': return fail(p, '(literal, not shown)', 'the master password is written in the template: anyone who can read the template knows it, and nothing rotates it');
      case 'secret':
        return pw.text.includes('{{resolve:secretsmanager:')
          ? unknown(p, pw, 'the master password is a Secrets Manager reference: no rotation AWS provides changes an OpenSearch master password, so whether its rotation updates the domain cannot be read here')
          : fail(p, pw, 'the master password is an SSM SecureString parameter: Secrets Manager cannot rotate it');
      case 'unknown': {
        const param = parameterOf(pw, index);
        if (param) return fail(p, `Ref ${param}`, `the master password is passed as parameter ${param}: it is no Secrets Manager secret, and nothing rotates it`);
        return unknown(p, pw, `master password decided at deploy time (${pw.why}); use a Secrets Manager dynamic reference`);
      }
      default:
        return fail(p, pw, 'the master password is not a Secrets Manager dynamic reference ({{resolve:secretsmanager:...}})');
    }
  },
};
