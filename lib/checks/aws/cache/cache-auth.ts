import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';

/** Whether a Redis ACL access string leaves the user enabled (the last of on/off wins; off by default). */
function enabled(access: string): boolean {
  const toggles = access.split(/\s+/).filter((t) => t === 'on' || t === 'off');
  return toggles[toggles.length - 1] === 'on';
}

/** Problems with the users of a user group defined in this template. */
function userProblems(group: CfnResource, index: TemplateIndex): string[] {
  const problems: string[] = [];
  for (const raw of V.list(index.prop(group, 'UserIds')) ?? []) {
    const v = index.value(raw);
    if (v.k === 'lit' && v.v === 'default') {
      problems.push("the built-in 'default' user (full access, no password)");
      continue;
    }
    if (v.k !== 'ref' || v.target.type !== 'AWS::ElastiCache::User') continue;
    const user = v.target;
    const name = V.str(index.prop(user, 'UserName')) ?? user.logicalId;
    const access = index.prop(user, 'AccessString');
    const on = access.k === 'lit' ? enabled(String(access.v)) : true;
    const mode = V.str(index.prop(user, 'AuthenticationMode.Type'));
    if (on && (V.isTrue(index.prop(user, 'NoPasswordRequired')) || mode === 'no-password-required')) {
      problems.push(`user ${name} (${user.logicalId}) is enabled and needs no password`);
    }
    const passwords = [...(V.list(index.prop(user, 'Passwords')) ?? []), ...(V.list(index.prop(user, 'AuthenticationMode.Passwords')) ?? [])];
    if (passwords.some((p) => index.value(p).k === 'lit')) problems.push(`user ${name} (${user.logicalId}) has a literal password in the template`);
  }
  return problems;
}

function rbac(prop: string, ids: unknown[], index: TemplateIndex): Verdict {
  const problems: string[] = [];
  const names: string[] = [];
  for (const raw of ids) {
    const v = index.value(raw);
    if (v.k === 'ref' && v.target.type === 'AWS::ElastiCache::UserGroup') {
      problems.push(...userProblems(v.target, index));
      names.push(v.target.logicalId);
    } else {
      names.push(V.show(v));
    }
  }
  if (problems.length > 0) return fail(prop, names.join(', '), `RBAC user group lets clients in without a password: ${problems.join('; ')}`);
  return pass(prop, names.join(', '), `RBAC: clients authenticate as users of ${names.join(', ')}`);
}

/** CACHE-AUTH: clients authenticate (RBAC user group, or an AUTH token from Secrets Manager). */
export const CacheAuth: AwsRule = {
  id: 'CacheAuth',
  items: ['CACHE-AUTH'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache'],
  severity: Severity.HIGH,
  description: 'The cache requires authentication: an RBAC user group whose enabled users need a password or IAM, or an AuthToken resolved from Secrets Manager.',
  fix: 'Attach a CfnUserGroup (UserGroupIds) with a disabled default user and IAM/password users, or set AuthToken to a {{resolve:secretsmanager:...}} reference.',
  fsbp: ['ElastiCache.6'],
  check(res, { index }) {
    if (res.type === 'AWS::ElastiCache::ServerlessCache') {
      const group = index.prop(res, 'UserGroupId');
      if (group.k === 'absent') return fail('Properties.UserGroupId', group, 'no user group: the default user connects without a password');
      return rbac('Properties.UserGroupId', [res.properties.UserGroupId], index);
    }
    const groups = index.prop(res, 'UserGroupIds');
    if (groups.k === 'unknown') return unknown('Properties.UserGroupIds', groups, `user groups decided at deploy time (${groups.why})`);
    const ids = V.list(groups) ?? [];
    if (ids.length > 0) return rbac('Properties.UserGroupIds', ids, index);
    const token = index.prop(res, 'AuthToken');
    if (token.k === 'secret') return pass('Properties.AuthToken', token, 'AUTH token resolved from Secrets Manager at deploy');
    if (token.k === 'lit') return fail('Properties.AuthToken', '(literal, redacted)', 'AUTH token written in the template in plain text');
    if (token.k === 'absent') return fail('Properties.UserGroupIds', groups, 'no RBAC user group and no AUTH token: any client in the network can connect');
    return unknown('Properties.AuthToken', token.k === 'unknown' ? token : '(computed)', `AUTH token set at deploy time (${token.k === 'unknown' ? token.why : 'built from other values'}): cannot tell whether it comes from Secrets Manager`);
  },
};
