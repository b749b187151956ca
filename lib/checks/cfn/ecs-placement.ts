import { CfnResource, TemplateIndex, Val, V } from '../template-index';
import { entries } from './lists';
import { onDemandShare } from './scaling';
import { templateCluster } from './user-data';

const FARGATE_PROVIDER = /^FARGATE(_SPOT)?$/;
const CLUSTER = 'AWS::ECS::Cluster';
const ASSOCIATIONS = 'AWS::ECS::ClusterCapacityProviderAssociations';
const CAPACITY_PROVIDER = 'AWS::ECS::CapacityProvider';

/**
 * The capacity provider strategy that places a runner's tasks, when one does: its providers (as written) and the
 * cluster they must be associated with (`cluster` undefined: outside the template, named by `clusterVal`).
 * @internal
 */
export interface Strategy {
  readonly providers: Val[];
  /** Each provider's `Weight` and `Base` as written (absent: 0), in the order of `providers`. */
  readonly shares: Share[];
  readonly cluster?: CfnResource;
  readonly clusterVal: Val;
  /** `service`: the runner's own strategy; `default`: the cluster's default strategy. */
  readonly from: 'service' | 'default';
}

/**
 * Where a task runs, as one runner launches it: on Fargate, on instances (EC2, external; `ec2` when it is the EC2
 * launch type, written or the fallback), or decided elsewhere (why); with the strategy that placed it, if one did.
 * @internal
 */
export type Placement =
  | { on: 'fargate'; strategy?: Strategy }
  | { on: 'instances'; why: string; ec2?: boolean; strategy?: Strategy }
  | { on: 'unknown'; why: string };

/** A strategy item's `Weight` and `Base`, as written. @internal */
export interface Share { readonly weight: Val; readonly base: Val }

/** The capacity providers of a strategy, with their shares, or why they cannot be read. */
function providersOf(index: TemplateIndex, strategy: Val): { providers: Val[]; shares: Share[] } | { unknown: string } {
  const list = entries(index, strategy);
  if (list === undefined) return { unknown: `capacity provider strategy decided at deploy time (${strategy.k === 'unknown' ? strategy.why : ''})` };
  const providers: Val[] = [];
  const shares: Share[] = [];
  for (const e of list) {
    const p = index.field(e.value, 'CapacityProvider');
    if (p.k === 'unknown') return { unknown: `capacity provider decided at deploy time (${p.why})` };
    providers.push(p);
    shares.push({ weight: index.field(e.value, 'Weight'), base: index.field(e.value, 'Base') });
  }
  return { providers, shares };
}

/** A capacity provider's name as written (`FARGATE`, a literal name) or as shown (a reference). */
function providerName(p: Val): string {
  return V.str(p) ?? V.show(p);
}

/**
 * Where one runner (a service, an EventBridge or Scheduler ECS target) puts
 * the task: its LaunchType, else its capacity provider strategy, else the
 * cluster's default strategy (its DefaultCapacityProviderStrategy and its
 * ClusterCapacityProviderAssociations), else the EC2 launch type ECS falls
 * back to.
 * @internal
 */
export function placement(index: TemplateIndex, spec: Val, written: Val, who: string): Placement {
  // A cluster named by the ClusterName of a cluster of the template is that cluster (its default strategy, its providers).
  const cluster = templateCluster(index, written);
  const launch = index.field(spec, 'LaunchType');
  if (launch.k === 'unknown') return { on: 'unknown', why: `${who}: launch type decided at deploy time (${launch.why})` };
  if (launch.k !== 'absent') return V.str(launch) === 'FARGATE' ? { on: 'fargate' } : { on: 'instances', why: `${who} launches it with LaunchType ${V.show(launch)}`, ec2: V.str(launch) === 'EC2' };
  const inTemplate = cluster.k === 'ref' && cluster.target.type === CLUSTER ? cluster.target : undefined;
  const fromStrategy = (read: { providers: Val[]; shares: Share[] } | { unknown: string }, from: Strategy['from'], where: string): Placement => {
    if ('unknown' in read) return { on: 'unknown', why: `${who}: ${read.unknown}` };
    const { providers, shares } = read;
    const strategy: Strategy = { providers, shares, cluster: inTemplate, clusterVal: cluster, from };
    const other = providers.map(providerName).filter((p) => !FARGATE_PROVIDER.test(p));
    return other.length === 0 ? { on: 'fargate', strategy } : { on: 'instances', why: `${who} launches it on capacity provider ${other.join(', ')}${where}`, strategy };
  };
  const strategy = index.field(spec, 'CapacityProviderStrategy');
  if (strategy.k !== 'absent') return fromStrategy(providersOf(index, strategy), 'service', '');
  if (!inTemplate) {
    return { on: 'unknown', why: `${who} sets neither LaunchType nor CapacityProviderStrategy: the default capacity provider strategy of cluster ${V.show(cluster)}, outside this template, decides` };
  }
  const c = inTemplate;
  const defaults = [index.prop(c, 'DefaultCapacityProviderStrategy'), ...associationsOf(index, c).map((a) => index.prop(a, 'DefaultCapacityProviderStrategy'))]
    .filter((v) => v.k !== 'absent');
  const providers: Val[] = [];
  const shares: Share[] = [];
  for (const d of defaults) {
    const ps = providersOf(index, d);
    if ('unknown' in ps) return { on: 'unknown', why: `${who}: ${ps.unknown} (cluster ${c.logicalId})` };
    providers.push(...ps.providers);
    shares.push(...ps.shares);
  }
  if (providers.length === 0) return { on: 'instances', why: `${who} sets neither LaunchType nor CapacityProviderStrategy and cluster ${c.logicalId} has no default strategy: the EC2 launch type`, ec2: true };
  return fromStrategy({ providers, shares }, 'default', ` (the default strategy of cluster ${c.logicalId})`);
}

/** The ClusterCapacityProviderAssociations of a cluster of the template, in this world. */
function associationsOf(index: TemplateIndex, cluster: CfnResource): CfnResource[] {
  return index.referrers(cluster, ASSOCIATIONS).filter((a) => index.refsOf(index.prop(a, 'Cluster')).has(cluster.logicalId));
}

/**
 * Whether every capacity provider of a strategy is associated with its cluster (ECS uses a provider in a strategy
 * only then: "A capacity provider must be associated with the cluster to be used in a capacity provider strategy",
 * FARGATE and FARGATE_SPOT included): undefined when each is; `no` naming those that are not (the cluster's
 * `CapacityProviders` and its ClusterCapacityProviderAssociations list neither); `unknown` when the cluster is
 * outside the template, a list is decided at deploy time, or a provider is named one way and listed another (a
 * reference against a literal name the template does not give it).
 * @internal
 */
export function unassociated(index: TemplateIndex, strategy: Strategy): { no: string } | { unknown: string } | undefined {
  const c = strategy.cluster;
  if (!c) return { unknown: `whether cluster ${V.show(strategy.clusterVal)}, outside this template, has capacity provider ${strategy.providers.map(providerName).join(', ')} associated cannot be seen` };
  const associated: Val[] = [];
  for (const list of [index.prop(c, 'CapacityProviders'), ...associationsOf(index, c).map((a) => index.prop(a, 'CapacityProviders'))]) {
    if (list.k === 'absent') continue;
    const items = entries(index, list);
    if (items === undefined || items.some((e) => e.value.k === 'unknown')) return { unknown: `the capacity providers associated with cluster ${c.logicalId} are decided at deploy time` };
    associated.push(...items.map((e) => e.value));
  }
  const names = (v: Val): string[] => {
    if (v.k === 'ref' && v.target.type === CAPACITY_PROVIDER) {
      const given = V.str(index.prop(v.target, 'Name'));
      return [`ref:${v.target.logicalId}`, ...(given !== undefined ? [`name:${given}`] : [])];
    }
    const text = V.str(v);
    return text !== undefined ? [`name:${text}`] : [`shown:${V.show(v)}`];
  };
  const known = new Set(associated.flatMap(names));
  const missing = strategy.providers.filter((p) => !names(p).some((n) => known.has(n)));
  if (missing.length === 0) return undefined;
  // A reference on one side and a literal on the other may be the same provider under a generated name.
  const comparable = (p: Val) => names(p).some((n) => n.startsWith('name:')) && associated.every((a) => names(a).some((n) => n.startsWith('name:')));
  const shown = missing.map(providerName).join(', ');
  if (!missing.every(comparable) && associated.length > 0) return { unknown: `whether capacity provider ${shown} is one of those associated with cluster ${c.logicalId} (${associated.map(providerName).join(', ')}) is not known: one is named by reference, the other by a name` };
  return { no: `capacity provider ${shown} is not associated with cluster ${c.logicalId} (its CapacityProviders and ClusterCapacityProviderAssociations list ${associated.length > 0 ? associated.map(providerName).join(', ') : 'none'}): ECS places no task with it` };
}

/** Whether the tasks a capacity provider places run On-Demand: undefined when they surely do; `spot` why they may not; `unknown` when it is decided at deploy time. */
/** @internal */
export type Market = undefined | { spot: string } | { unknown: string };

/**
 * Whether the tasks an Auto Scaling group capacity provider places run on On-Demand instances: only when it is a
 * provider of the template whose group launches On-Demand instances only (`onDemandShare`). A group with any Spot
 * share may hold the provider's tasks on its Spot Instances (how many tasks ECS puts on each instance is not known:
 * binpack fills the fewest instances), so none of its tasks is surely On-Demand; a provider or group outside the
 * template is not seen.
 */
function instanceMarket(index: TemplateIndex, p: Val): Market {
  if (p.k !== 'ref' || p.target.type !== CAPACITY_PROVIDER) return { spot: `capacity provider ${providerName(p)} is not in this template, so whether its instances are On-Demand is not seen` };
  const asg = index.prop(p.target, 'AutoScalingGroupProvider.AutoScalingGroupArn');
  if (asg.k === 'unknown') return { unknown: `the Auto Scaling group of capacity provider ${p.target.logicalId} is decided at deploy time (${asg.why})` };
  if (asg.k !== 'ref' || asg.target.type !== 'AWS::AutoScaling::AutoScalingGroup') return { spot: `the Auto Scaling group of capacity provider ${p.target.logicalId} is not in this template, so whether its instances are On-Demand is not seen` };
  return groupMarket(index, asg.target, `capacity provider ${p.target.logicalId}'s group`);
}

/**
 * Whether an Auto Scaling group of the template launches On-Demand instances only (undefined): a group whose
 * On-Demand base covers its MaxSize does (`onDemandShare`); `spot` (`who` names the group in it) when it may launch
 * Spot Instances; `unknown` when that is decided at deploy time.
 * @internal
 */
export function groupMarket(index: TemplateIndex, asg: CfnResource, who = 'Auto Scaling group'): Market {
  const max = V.num(index.prop(asg, 'MaxSize'));
  const share = onDemandShare(index, asg, max ?? 1);
  if (share === undefined || (max !== undefined && 'onDemand' in share && share.onDemand >= max)) return undefined;
  if ('unknown' in share) return { unknown: `${who} ${asg.logicalId}: ${share.unknown}` };
  return { spot: `${who} ${asg.logicalId} may run Spot Instances (${share.spot})` };
}

/**
 * How many of a service's fewest `n` tasks surely run On-Demand when its capacity provider strategy may place some
 * on Spot capacity: FARGATE_SPOT (whose tasks AWS interrupts "when AWS needs the capacity back ... with a two-minute
 * warning"), or an Auto Scaling group provider whose group may run Spot Instances (`instanceMarket`: EC2 may interrupt
 * them at any time). ECS places the strategy's Base first (one item may have one), then the rest by Weight; the
 * On-Demand providers' share of the rest is rounded down (how ECS rounds a small count is not documented: the unsure
 * task is counted as Spot). `onFargate` says whether the strategy is Fargate's. Undefined when no task can land on
 * Spot (a LaunchType, no strategy, no Spot provider, or one with neither Base nor Weight); `unknown` when a Base or
 * Weight, or the market of a provider that may get tasks, is decided at deploy time. `spot` shows the strategy,
 * `why` what makes each Spot provider Spot.
 * @internal
 */
export function onDemandTasks(index: TemplateIndex, placed: Placement, n: number): { onDemand: number; spot: string; why: string[]; onFargate: boolean } | { unknown: string } | undefined {
  if (placed.on === 'unknown' || placed.strategy === undefined) return undefined;
  const onFargate = placed.on === 'fargate';
  const { providers, shares } = placed.strategy;
  const items: { name: string; base: number; weight: number; market: Market }[] = [];
  for (let i = 0; i < providers.length; i++) {
    const name = providerName(providers[i]);
    const read = (v: Val, what: string): number | string => {
      if (v.k === 'absent') return 0;
      const x = V.num(v);
      return x === undefined ? `the ${what} of ${name} is ${v.k === 'unknown' ? `decided at deploy time (${v.why})` : `${V.show(v)}, not a number`}` : x;
    };
    const base = read(shares[i].base, 'Base');
    const weight = read(shares[i].weight, 'Weight');
    if (typeof base === 'string' || typeof weight === 'string') return { unknown: typeof base === 'string' ? base : weight as string };
    const market: Market = name === 'FARGATE' ? undefined : name === 'FARGATE_SPOT' ? { spot: 'FARGATE_SPOT' } : instanceMarket(index, providers[i]);
    items.push({ name, base, weight, market });
  }
  const placing = items.filter((x) => x.market !== undefined && (x.base > 0 || x.weight > 0));
  if (placing.length === 0) return undefined;
  const open = placing.find((x) => x.market !== undefined && 'unknown' in x.market);
  if (open) return { unknown: (open.market as { unknown: string }).unknown };
  let rest = n;
  let onDemand = 0;
  for (const x of items) {
    const placedHere = Math.min(x.base, rest);
    rest -= placedHere;
    if (x.market === undefined) onDemand += placedHere;
  }
  const total = items.reduce((s, x) => s + x.weight, 0);
  const sure = items.filter((x) => x.market === undefined).reduce((s, x) => s + x.weight, 0);
  if (total > 0) onDemand += Math.floor((rest * sure) / total);
  const shown = items.map((x) => `${x.name} Base ${x.base} Weight ${x.weight}`).join(', ');
  return {
    onDemand,
    spot: `capacity provider strategy ${shown}${placed.strategy.from === 'default' ? ' (the cluster\'s default)' : ''}`,
    why: placing.map((x) => (x.market as { spot: string }).spot),
    onFargate,
  };
}
