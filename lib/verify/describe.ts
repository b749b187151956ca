/* eslint-disable @typescript-eslint/no-explicit-any */
import { literal, LiveResource, props, VerifyContext } from './context';

/**
 * Describe calls several verifiers share, made once per resource and run.
 * Each returns undefined when the service says the resource does not exist.
 * @internal
 */
export function ecsService(ctx: VerifyContext, r: LiveResource): Promise<any> {
  return ctx.memo(`ecs:${r.physicalId}`, async () => {
    const m = /:service\/([^/]+)\/([^/]+)$/.exec(r.physicalId);
    const cluster = m ? m[1] : literal(ctx, r.stack, props(r).Cluster) ?? 'default';
    const res = await ctx.clients.send('ecs', 'DescribeServices', { cluster, services: [r.physicalId] });
    return res.services?.[0];
  });
}

/** The one item a describe call returns, or undefined when the service answers `notFound`. */
function describeOne(ctx: VerifyContext, service: string, command: string, input: any, listKey: string, notFound: string[]): Promise<any> {
  return ctx.memo(`${service}:${command}:${JSON.stringify(input)}`, async () => {
    try {
      return (await ctx.clients.send(service, command, input))[listKey]?.[0];
    } catch (e) {
      if (notFound.includes((e as Error).name)) return undefined;
      throw e;
    }
  });
}

/** @internal */
export function rdsInstance(ctx: VerifyContext, id: string): Promise<any> {
  return describeOne(ctx, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: id }, 'DBInstances', ['DBInstanceNotFoundFault', 'DBInstanceNotFound']);
}

/** @internal */
export function rdsCluster(ctx: VerifyContext, id: string): Promise<any> {
  return describeOne(ctx, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: id }, 'DBClusters', ['DBClusterNotFoundFault']);
}

/** @internal */
export function cacheGroup(ctx: VerifyContext, id: string): Promise<any> {
  return describeOne(ctx, 'elasticache', 'DescribeReplicationGroups', { ReplicationGroupId: id }, 'ReplicationGroups', ['ReplicationGroupNotFoundFault']);
}

/** The load balancers of the run, by ARN. @internal */
export function loadBalancers(ctx: VerifyContext): Promise<Map<string, any>> {
  return ctx.memo('elbv2:lbs', async () => {
    const arns = ctx.resources.filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((r) => r.physicalId);
    const out = new Map<string, any>();
    for (let i = 0; i < arns.length; i += 20) {
      const res = await ctx.clients.send('elbv2', 'DescribeLoadBalancers', { LoadBalancerArns: arns.slice(i, i + 20) });
      for (const lb of res.LoadBalancers ?? []) out.set(lb.LoadBalancerArn, lb);
    }
    return out;
  });
}

/** The CloudFront distribution with this id. @internal */
export function distribution(ctx: VerifyContext, id: string): Promise<any> {
  return ctx.memo(`cloudfront:${id}`, async () => (await ctx.clients.send('cloudfront', 'GetDistribution', { Id: id })).Distribution);
}

/** Whether an RDS instance is a member of an Aurora cluster (backed up, failed over and sized with it). @internal */
export function inCluster(instance: any): boolean {
  return !!instance?.DBClusterIdentifier;
}
