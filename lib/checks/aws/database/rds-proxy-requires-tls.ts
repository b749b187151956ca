import { FindingStatus, Severity } from '../../model';
import { AwsRule, fail, pass, requireTrue, unknown } from '../../rule';
import { CfnResource, refMark, TemplateIndex, V } from '../../template-index';
import { entries } from '../../cfn/lists';
import { settled } from '../../cfn/settled';
import { DB_CLUSTER, DB_INSTANCE, DB_TYPES, judged, replicaState } from '../../cfn/databases';

const TARGET_GROUP = 'AWS::RDS::DBProxyTargetGroup';
const PROXY = 'AWS::RDS::DBProxy';

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

/** Where a target group registers a database: with a proxy of this template, or with one outside it. */
type Registration = { k: 'fronted'; proxy: string; group: string } | { k: 'outside'; group: string };

/** The registrations of one identifier list (`DBInstanceIdentifiers` or `DBClusterIdentifiers`) of the template's target groups. */
interface Registrations {
  /** By the database a `Ref` (or `Sub '${Db}'`) names. */
  readonly byRef: Map<CfnResource, Registration>;
  /** By a literal identifier, lower case (RDS stores them so). */
  readonly byName: Map<string, Registration>;
  /** Text built from a database, which may or may not be its identifier. */
  readonly builtFrom: Map<CfnResource, string>;
  /** The first entry, list or proxy decided at deploy time: it may register any database. */
  readonly open?: string;
}

/**
 * The databases the template's target groups register, for each identifier list, read once per template (a rule
 * per database would read every group for each: quadratic). A registration counts with the proxy the group names by
 * `Ref` or by a proxy's literal `DBProxyName`; a fronted registration wins over an outside one.
 */
function registrations(index: TemplateIndex, prop: string): Registrations {
  return settled(index, `proxy-registrations-${prop}`, () => {
    const proxyNames = new Map<string, CfnResource>();
    for (const p of index.ofType(PROXY)) { const n = V.str(index.prop(p, 'DBProxyName')); if (n !== undefined) proxyNames.set(n, p); }
    const byRef = new Map<CfnResource, Registration>();
    const byName = new Map<string, Registration>();
    const builtFrom = new Map<CfnResource, string>();
    let open: string | undefined;
    const put = <K>(m: Map<K, Registration>, k: K, r: Registration) => { if (m.get(k)?.k !== 'fronted') m.set(k, r); };
    for (const g of index.ofType(TARGET_GROUP)) {
      const v = index.prop(g, prop);
      const list = entries(index, v);
      if (list === undefined) { open ??= `the ${prop} of target group ${g.logicalId} are decided at deploy time (${v.k === 'unknown' ? v.why : 'a computed list'})`; continue; }
      if (list.length === 0) continue;
      const p = index.prop(g, 'DBProxyName');
      const name = V.str(p);
      const proxy = p.k === 'ref' && p.target.type === PROXY ? p.target : name !== undefined ? proxyNames.get(name) : undefined;
      if (!proxy && p.k === 'unknown') { open ??= `target group ${g.logicalId} registers databases with a proxy decided at deploy time (${p.why})`; continue; }
      const reg: Registration = proxy ? { k: 'fronted', proxy: proxy.logicalId, group: g.logicalId } : { k: 'outside', group: g.logicalId };
      for (const { value: e } of list) {
        // `Ref` of a database is its identifier (so is Sub '${Db}'); other text built from it may or may not be.
        if (e.k === 'ref' && e.attr === undefined) { put(byRef, e.target, reg); continue; }
        if (e.k === 'expr') {
          const only = e.refs.length === 1 && e.text === refMark(e.refs[0].logicalId) ? e.refs[0] : undefined;
          if (only) put(byRef, only, reg);
          else for (const r of e.refs) if (!builtFrom.has(r)) builtFrom.set(r, `target group ${g.logicalId} lists ${V.show(e)}, built from ${r.logicalId}`);
          continue;
        }
        if (e.k === 'unknown') { open ??= `target group ${g.logicalId} lists a database decided at deploy time (${e.why})`; continue; }
        const t = V.str(e)?.toLowerCase();
        if (t !== undefined) put(byName, t, reg);
      }
    }
    return { byRef, byName, builtFrom, open };
  });
}

/**
 * Whether a database (a standalone instance or a cluster) is registered with a proxy: a target group lists it in
 * `DBInstanceIdentifiers` (an instance) or `DBClusterIdentifiers` (a cluster), by reference or by its literal
 * identifier (compared without case), and names a proxy of this template (`fronted`) or one outside it
 * (`outside`: its TLS is not read); `open` when an entry, a group's proxy or the database's identifier is decided
 * at deploy time.
 */
function proxyOf(db: CfnResource, index: TemplateIndex): Registration | { k: 'open'; why: string } | { k: 'none' } {
  const regs = registrations(index, db.type === DB_CLUSTER ? 'DBClusterIdentifiers' : 'DBInstanceIdentifiers');
  const idVal = index.prop(db, db.type === DB_CLUSTER ? 'DBClusterIdentifier' : 'DBInstanceIdentifier');
  const id = V.str(idVal)?.toLowerCase();
  const found = [regs.byRef.get(db), id !== undefined ? regs.byName.get(id) : undefined].filter((r): r is Registration => r !== undefined);
  const fronted = found.find((r) => r.k === 'fronted');
  if (fronted) return fronted;
  const why = regs.open ?? regs.builtFrom.get(db)
    ?? (idVal.k !== 'absent' && id === undefined && regs.byName.size > 0 ? `${db.logicalId}'s identifier is decided at deploy time and target groups list databases by identifier` : undefined);
  if (why !== undefined) return { k: 'open', why };
  return found[0] ?? { k: 'none' };
}

/** The verdict on a database for DB-CONNECTION-POOLING (see `RdsProxyRequiresTls`). */
function judgeDatabase(res: CfnResource, index: TemplateIndex) {
  if (!judged(res, index)) return undefined;
  // A read replica is no proxy target of its own (reads go to it directly): judged on its source, as the other rules do.
  if (replicaState(res, index).k === 'yes') return undefined;
  // A stack without an RDS Proxy: the item is not evidenced here (pooling may live in the application).
  if (index.ofType(PROXY).length === 0 && index.ofType(TARGET_GROUP).length === 0) return undefined;
  const what = res.type === DB_CLUSTER ? 'cluster' : res.type === DB_INSTANCE ? 'instance' : 'database';
  const f = proxyOf(res, index);
  switch (f.k) {
    case 'fronted': return pass(undefined, f.group, `database ${what} ${res.logicalId} is fronted by RDS Proxy ${f.proxy} (target group ${f.group}; the proxy's TLS is judged on it)`);
    case 'open': return unknown(undefined, res.logicalId, `whether an RDS Proxy fronts database ${what} ${res.logicalId} is decided at deploy time: ${f.why}`);
    case 'outside': return unknown(undefined, f.group, `database ${what} ${res.logicalId} is registered by target group ${f.group} with a proxy not in this template: whether that proxy requires TLS is judged where it is defined`);
    case 'none': return unknown(undefined, res.logicalId, `no RDS Proxy of this template fronts database ${what} ${res.logicalId} (no DBProxyTargetGroup registers it in ${res.type === DB_CLUSTER ? 'DBClusterIdentifiers' : 'DBInstanceIdentifiers'}): its connections are not pooled here, unless a proxy of another stack registers it`);
  }
}

/**
 * DB-CONNECTION-POOLING: an RDS Proxy pools connections and requires TLS from
 * its clients. A stack without a proxy (or target group) has no finding for
 * this item (pooling may live in the application), and the report shows the
 * item as not evidenced. In a stack with one, each database is judged too
 * (`AWS::RDS::DBCluster` / a standalone `AWS::RDS::DBInstance`; a cluster
 * member as its cluster, a read replica on its source, as the other database
 * rules): registered by a target group of a proxy of this template passes
 * (the proxy's TLS is its own finding); registered with nothing is unknown
 * (a proxy of another stack may register it; the item is not shown for it);
 * registrations decided at deploy time, or with a proxy outside the
 * template, are unknown.
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
  types: [PROXY, ...DB_TYPES],
  severity: Severity.MEDIUM,
  description: 'The RDS Proxy in front of the database requires TLS, and a target group registers the database with it.',
  fix: 'Set RequireTLS: true on the DB proxy and register the database in its target group (cluster.addProxy(..., { requireTLS: true }), or an AWS::RDS::DBProxyTargetGroup with DBClusterIdentifiers/DBInstanceIdentifiers).',
  check(res, ctx) {
    if (res.type !== PROXY) return judgeDatabase(res, ctx.index);
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
