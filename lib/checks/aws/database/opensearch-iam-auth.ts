import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { combine } from '../../cfn/databases';
import { accessGrants, OPENSEARCH_TYPES } from '../../cfn/opensearch';

/**
 * DB-IAM-AUTH for OpenSearch Service (and Elasticsearch) domains: every request is authenticated, IAM among the ways.
 * - Without fine-grained access control (`AdvancedSecurityOptions.Enabled` not true), the access policy is the only
 *   gate: a statement allowing `Principal: *` with no condition, or a condition on the caller's network only
 *   (aws:SourceIp, aws:SourceVpc...), lets unsigned requests in (fail: an address is not an identity); one with a
 *   condition on the signing principal (aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, not `IfExists`)
 *   and statements naming AWS principals admit IAM-signed (SigV4) requests only (pass); no access policy leaves
 *   only the account's identity policies, which grant IAM principals (pass).
 * - With fine-grained access control, the domain authenticates every request itself: pass when the master user is
 *   an IAM ARN (`MasterUserOptions.MasterUserARN`), beside the internal user database or not; with a master user of
 *   the internal user database only, IAM principals get in only through role mappings made inside OpenSearch, not in
 *   the template (unknown). `AnonymousAuthEnabled` true lets unauthenticated requests in (fail).
 * A condition on other keys, a principal or policy decided at deploy time is unknown.
 */
export const OpenSearchIamAuth: AwsRule = {
  id: 'OpenSearchIamAuth',
  items: ['DB-IAM-AUTH'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains authenticate every request with IAM: an access policy naming AWS principals (no anonymous `*` grant), or fine-grained access control with an IAM master user.',
  fix: 'Grant the access policy to IAM roles (or `*` with an aws:PrincipalAccount condition), or enable fine-grained access control with an IAM master user (fineGrainedAccessControl: { masterUserArn }); never allow `*` by source IP alone.',
  check(res, { index }) {
    const fgac = index.prop(res, 'AdvancedSecurityOptions.Enabled');
    const a = 'Properties.AdvancedSecurityOptions';
    if (fgac.k === 'unknown') return unknown(`${a}.Enabled`, fgac, `fine-grained access control decided at deploy time (${fgac.why})`);
    if (V.isTrue(fgac)) {
      const out: Verdict[] = [];
      const anonymous = index.prop(res, 'AdvancedSecurityOptions.AnonymousAuthEnabled');
      if (anonymous.k === 'unknown') out.push(unknown(`${a}.AnonymousAuthEnabled`, anonymous, `anonymous access decided at deploy time (${anonymous.why})`));
      else if (V.isTrue(anonymous)) out.push(fail(`${a}.AnonymousAuthEnabled`, anonymous, 'anonymous authentication on: requests without credentials are let in'));
      const arn = index.prop(res, 'AdvancedSecurityOptions.MasterUserOptions.MasterUserARN');
      if (arn.k === 'unknown') out.push(unknown(`${a}.MasterUserOptions.MasterUserARN`, arn, `master user decided at deploy time (${arn.why})`));
      else if (arn.k !== 'absent') out.push(pass(`${a}.MasterUserOptions.MasterUserARN`, arn, `fine-grained access control authenticates every request; the master user is the IAM principal ${V.show(arn)}`));
      else out.push(unknown(`${a}.MasterUserOptions`, '(no MasterUserARN)', 'fine-grained access control with a master user of the internal user database (a password): IAM principals get in only through role mappings made inside OpenSearch, which the template does not show'));
      return combine(out);
    }
    const grants = accessGrants(res, index);
    if (grants === undefined) return pass('Properties.AccessPolicies', '(not set)', 'no access policy: only the account\'s IAM identity policies grant access, so every request is signed with IAM credentials');
    const out: Verdict[] = [];
    for (const g of grants) {
      if (g.k === 'open') out.push(unknown(g.path, undefined, `access policy decided at deploy time or not read (${g.why})`));
      else if (g.k === 'anyone') {
        out.push(fail(g.path, '*', g.network
          ? 'the access policy allows everyone from the addresses its condition names: unsigned requests get in (an address is not an identity), and fine-grained access control is off'
          : 'the access policy allows everyone, with no condition: unsigned requests get in, and fine-grained access control is off'));
      }
    }
    if (out.length > 0) return combine(out);
    return pass('Properties.AccessPolicies', undefined, 'the access policy grants IAM principals only: every request is signed with IAM credentials (SigV4)');
  },
};
