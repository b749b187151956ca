import { FindingStatus, Severity } from '../../model';
import { AwsRule, fail, pass, requireTrue, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { entries } from '../../cfn/lists';
import { settled } from '../../cfn/settled';

const TARGET_GROUP = 'AWS::RDS::DBProxyTargetGroup';

/**
 * The target groups of the template by the literal proxy name they give (read once per template when no world
 * decides it), and the first target group whose proxy is decided at deploy time (it may be any proxy's).
 */
function groupsByProxyName(index: TemplateIndex): { groups: Map<string, CfnResource[]>; open?: string } {
  return settled(index, 'proxy-target-groups-by-name', () => {
    const groups = new Map<string, CfnResource[]>();
    let open: string | undefined;
    for (const g of index.ofType(TARGET_GROUP)) {
      const p = index.prop(g, 'DBProxyName');
      if (p.k === 'unknown') { open ??= `target group ${g.logicalId} names a proxy decided at deploy time (${p.why})`; continue; }
      const n = p.k === 'lit' ? V.str(p) : undefined;
      if (n === undefined) continue;
      let list = groups.get(n);
      if (!list) groups.set(n, (list = []));
      list.push(g);
    }
    return { groups, open };
  });
}

/**
 * What the proxy fronts, from the `AWS::RDS::DBProxyTargetGroup`s of this template that name it (by `Ref`, or by
 * its literal `DBProxyName`): `targets` when one registers a database (`DBInstanceIdentifiers` or
 * `DBClusterIdentifiers`), `open` when a group's proxy or targets are decided at deploy time, `empty` naming the
 * groups of this proxy that register nothing, `none` when no target group names it.
 */
function frontedBy(proxy: CfnResource, index: TemplateIndex):
  { k: 'targets'; group: string } | { k: 'open'; why: string } | { k: 'empty'; groups: string[] } | { k: 'none' } {
  const ours = new Set<CfnResource>(index.referrers(proxy, TARGET_GROUP).filter((g) => {
    const p = index.prop(g, 'DBProxyName');
    return p.k === 'ref' && p.target === proxy;
  }));
  const nameVal = index.prop(proxy, 'DBProxyName');
  const name = V.str(nameVal);
  const byName = groupsByProxyName(index);
  if (name !== undefined) for (const g of byName.groups.get(name) ?? []) ours.add(g);
  const empty: string[] = [];
  let open = byName.open;
  // A proxy named at deploy time may be the one a target group names by a literal name.
  if (nameVal.k === 'unknown' && byName.groups.size > 0) open ??= `the proxy's name is decided at deploy time (${nameVal.why}) and target groups name proxies by name`;
  for (const g of ours) {
    const lists = [index.prop(g, 'DBInstanceIdentifiers'), index.prop(g, 'DBClusterIdentifiers')].map((val) => ({ val, list: entries(index, val) }));
    if (lists.some((l) => l.list !== undefined && l.list.length > 0)) return { k: 'targets', group: g.logicalId };
    const undecided = lists.find((l) => l.list === undefined);
    if (undecided) { open ??= `the targets of ${g.logicalId} are decided at deploy time (${undecided.val.k === 'unknown' ? undecided.val.why : 'a computed list'})`; continue; }
    empty.push(g.logicalId);
  }
  if (open !== undefined) return { k: 'open', why: open };
  return empty.length > 0 ? { k: 'empty', groups: empty } : { k: 'none' };
}

/**
 * DB-CONNECTION-POOLING: an RDS Proxy pools connections and requires TLS from
 * its clients. Dispatched to `AWS::RDS::DBProxy` only: a stack without a proxy
 * has no finding for this item (pooling may live in the application), and the
 * report shows the item as not evidenced.
 *
 * The proxy fronts a database only through its target group: an
 * `AWS::RDS::DBProxyTargetGroup` naming it (by `Ref` or its literal
 * `DBProxyName`) with `DBInstanceIdentifiers` or `DBClusterIdentifiers` (the
 * target group "represents a set of RDS DB instances, Aurora DB clusters, or
 * both that a proxy can connect to"). A target group of the proxy that
 * registers neither fails: the proxy pools connections to nothing. With no
 * target group of the proxy in the template, another stack may register its
 * targets: unknown. A target group whose proxy or targets are decided at
 * deploy time is unknown. `RequireTLS` not true fails whatever the targets.
 */
export const RdsProxyRequiresTls: AwsRule = {
  id: 'RdsProxyRequiresTls',
  items: ['DB-CONNECTION-POOLING'],
  types: ['AWS::RDS::DBProxy'],
  severity: Severity.MEDIUM,
  description: 'The RDS Proxy in front of the database requires TLS, and a target group registers the database with it.',
  fix: 'Set RequireTLS: true on the DB proxy and register the database in its target group (cluster.addProxy(..., { requireTLS: true }), or an AWS::RDS::DBProxyTargetGroup with DBClusterIdentifiers/DBInstanceIdentifiers).',
  check(res, ctx) {
    const tls = requireTrue(ctx, res, 'RequireTLS', 'RDS Proxy requires TLS');
    if (tls.status !== FindingStatus.PASS) return tls;
    const fronted = frontedBy(res, ctx.index);
    switch (fronted.k) {
      case 'targets': return pass(tls.property, tls.value, `RDS Proxy requires TLS and fronts the database registered by target group ${fronted.group}`);
      case 'open': return unknown(undefined, res.logicalId, `RDS Proxy requires TLS, but whether it fronts a database is not known at synth: ${fronted.why}`);
      case 'empty': return fail(undefined, fronted.groups.join(', '), `RDS Proxy requires TLS but fronts no database: its target group ${fronted.groups.join(', ')} registers no DBInstanceIdentifiers or DBClusterIdentifiers, so the proxy pools no connection`);
      case 'none': return unknown(undefined, res.logicalId, `RDS Proxy requires TLS, but no DBProxyTargetGroup of this template registers a database with it: it fronts nothing unless another stack registers its targets`);
    }
  },
};
