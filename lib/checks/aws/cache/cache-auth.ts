import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { parseAccessString } from '../../../checklist/policy/data-settings';
import { CACHE_CLUSTER, clusterRole } from './cluster';

const USER = 'AWS::ElastiCache::User';
const USER_GROUP = 'AWS::ElastiCache::UserGroup';

/** Problems with the users of a user group defined in this template, and what cannot be read at synth. */
function userProblems(group: CfnResource, index: TemplateIndex): { bad: string[]; open: string[] } {
  const bad: string[] = [];
  const open: string[] = [];
  const ids = index.prop(group, 'UserIds');
  if (ids.k === 'unknown') return { bad, open: [`the users of ${group.logicalId} are decided at deploy time (${ids.why})`] };
  for (const v of index.items(ids) ?? []) {
    if (v.k === 'lit' && v.v === 'default') {
      bad.push("the built-in 'default' user (full access, no password)");
      continue;
    }
    const user = userOf(v, index);
    if (!user) {
      open.push(`user ${V.show(v)} of ${group.logicalId} is ${v.k === 'unknown' ? 'decided at deploy time' : 'defined outside this template'}: its password settings cannot be read`);
      continue;
    }
    const name = `${(() => { const n = index.prop(user, 'UserName'); return n.k === 'lit' ? V.str(n) : undefined; })() ?? user.logicalId} (${user.logicalId})`;
    const access = index.prop(user, 'AccessString');
    const noPassword = index.prop(user, 'NoPasswordRequired');
    const mode = index.prop(user, 'AuthenticationMode.Type');
    const passwords = [index.prop(user, 'Passwords'), index.prop(user, 'AuthenticationMode.Passwords')];
    const undecided = [access, noPassword, mode, ...passwords].find((x) => x.k === 'unknown');
    if (undecided) {
      open.push(`user ${name}: ${undecided.k === 'unknown' ? undecided.why : ''}`);
      continue;
    }
    const acl = parseAccessString(V.str(access) ?? '');
    if (acl.literalPassword) bad.push(`user ${name} has a password written in its access string`);
    const entries = passwords.flatMap((p) => index.items(p) ?? []);
    if (entries.some((x) => x.k === 'lit')) bad.push(`user ${name} has a literal password in the template`);
    if (entries.some(writtenInTemplate)) bad.push(`user ${name} has a password built in the template from text and pseudo parameters (not shown): whoever reads the template and knows the stack knows it`);
    if (!acl.on) continue; // a switched-off user cannot log in
    const other = entries.find((x) => x.k !== 'lit' && x.k !== 'secret' && !writtenInTemplate(x));
    if (other) open.push(`a password of user ${name} is ${other.k === 'unknown' ? `decided at deploy time (${other.why})` : 'built from other values'}: cannot tell whether it comes from Secrets Manager`);
    if (acl.nopass) bad.push(`user ${name} is enabled with nopass in its access string, so every client logs in as it without a password`);
    else if (V.isTrue(noPassword) || V.str(mode) === 'no-password-required') bad.push(`user ${name} is enabled and needs no password`);
  }
  return { bad, open };
}

/**
 * Whether a password or token is text the template writes out, only with pseudo parameters filled in
 * (`!Sub '${AWS::StackName}-Password123!'`): no dynamic reference, parameter or attribute of a resource.
 */
function writtenInTemplate(v: Val): boolean {
  return v.k === 'expr' && v.refs.length === 0;
}

/**
 * The user group resource a cache names: a Ref to it, or its literal UserGroupId (the CDK's ServerlessCache writes
 * the id as text, with a DependsOn on the group).
 */
function groupOf(v: Val, index: TemplateIndex): CfnResource | undefined {
  if (v.k === 'ref') return v.target.type === USER_GROUP ? v.target : undefined;
  const id = v.k === 'lit' ? V.str(v) : undefined;
  if (id === undefined) return undefined;
  return index.ofType(USER_GROUP).find((g) => { const gid = index.prop(g, 'UserGroupId'); return gid.k === 'lit' && V.str(gid) === id; });
}

/** The user resource a user id designates: a Ref to it, or its literal UserId. */
function userOf(v: Val, index: TemplateIndex): CfnResource | undefined {
  if (v.k === 'ref') return v.target.type === USER ? v.target : undefined;
  const id = v.k === 'lit' ? V.str(v) : undefined;
  if (id === undefined) return undefined;
  return index.ofType(USER).find((u) => { const uid = index.prop(u, 'UserId'); return uid.k === 'lit' && V.str(uid) === id; });
}

/** The user groups of a cache, each judged by its users. */
function rbac(prop: string, groups: Val[], index: TemplateIndex): Verdict {
  const bad: string[] = [];
  const open: string[] = [];
  const names: string[] = [];
  for (const v of groups) {
    const group = groupOf(v, index);
    if (group) {
      const u = userProblems(group, index);
      bad.push(...u.bad);
      open.push(...u.open);
      names.push(group.logicalId);
    } else {
      open.push(`user group ${V.show(v)} is ${v.k === 'unknown' ? 'decided at deploy time' : 'defined outside this template'}: its users cannot be read`);
      names.push(V.show(v));
    }
  }
  if (bad.length > 0) return fail(prop, names.join(', '), `RBAC user group lets clients in without a password: ${bad.join('; ')}`);
  if (open.length > 0) return unknown(prop, names.join(', '), `whether every user needs a password cannot be known at synth: ${open.join('; ')}`);
  return pass(prop, names.join(', '), `RBAC: clients authenticate as users of ${names.join(', ')}, each with a password or IAM`);
}

/**
 * CACHE-AUTH: clients authenticate: an RBAC user group whose enabled users all
 * need a password or IAM (no `nopass` in the access string, no
 * `NoPasswordRequired`, not the built-in `default` user, and no password
 * written in the template), or an AUTH token resolved from Secrets Manager
 * or an SSM SecureString parameter (never written in the template).
 * A password or token built by `Fn::Sub`/`Fn::Join` from text and pseudo
 * parameters alone (`${AWS::StackName}-Password123!`) is written in the
 * template too: fail. A user's password decided at deploy time or built from
 * other values (a parameter, a resource attribute) is unknown, as an AUTH
 * token is. A cache names its user groups by reference or by their literal
 * `UserGroupId` (as the CDK's ServerlessCache writes it): a literal that is
 * the id of a user group of this template is that group.
 * A user group or user defined outside this template, or a setting decided at
 * deploy time, is unknown.
 */
export const CacheAuth: AwsRule = {
  id: 'CacheAuth',
  items: ['CACHE-AUTH'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', CACHE_CLUSTER],
  severity: Severity.HIGH,
  description: 'The cache requires authentication: an RBAC user group whose enabled users need a password or IAM (no nopass), or an AuthToken resolved from Secrets Manager or an SSM SecureString.',
  fix: 'Attach a CfnUserGroup (UserGroupIds) with a disabled default user and IAM/password users, or set AuthToken to a {{resolve:secretsmanager:...}} reference.',
  check(res, ctx) {
    const { index } = ctx;
    if (res.type === CACHE_CLUSTER) {
      const role = clusterRole(ctx, res);
      if ('skip' in role) return undefined;
      if ('open' in role) return role.open;
      return fail(undefined, res.type, `a standalone ${role.judge} cache cluster takes no AUTH token or user group: anyone who reaches it connects`);
    }
    if (res.type === 'AWS::ElastiCache::ServerlessCache') {
      const group = index.prop(res, 'UserGroupId');
      if (group.k === 'absent') return fail('Properties.UserGroupId', group, 'no user group: the default user connects without a password');
      return rbac('Properties.UserGroupId', [group], index);
    }
    const groups = index.prop(res, 'UserGroupIds');
    if (groups.k === 'unknown') return unknown('Properties.UserGroupIds', groups, `user groups decided at deploy time (${groups.why})`);
    const ids = index.items(groups) ?? [];
    if (ids.length > 0) return rbac('Properties.UserGroupIds', ids, index);
    const token = index.prop(res, 'AuthToken');
    if (token.k === 'secret') return pass('Properties.AuthToken', token, token.text.includes('{{resolve:ssm-secure:') ? 'AUTH token resolved from an SSM SecureString parameter at deploy' : 'AUTH token resolved from Secrets Manager at deploy');
    if (token.k === 'lit') return fail('Properties.AuthToken', '(literal, redacted)', 'AUTH token written in the template in plain text');
    if (writtenInTemplate(token)) return fail('Properties.AuthToken', '(built in the template, redacted)', 'AUTH token built in the template from text and pseudo parameters: whoever reads the template and knows the stack knows it');
    if (token.k === 'absent') return fail('Properties.UserGroupIds', groups, 'no RBAC user group and no AUTH token, so every client in the network can connect');
    return unknown('Properties.AuthToken', token.k === 'unknown' ? token : '(computed)', `AUTH token set at deploy time (${token.k === 'unknown' ? token.why : 'built from other values'}): cannot tell whether it comes from Secrets Manager`);
  },
};
