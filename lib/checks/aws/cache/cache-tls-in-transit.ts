import { Severity } from '../../model';
import { AwsRule, fail, pass, requireTrue, unknown } from '../../rule';
import { V } from '../../template-index';
import { CACHE_CLUSTER, clusterRole } from './cluster';

/** CACHE-TLS-IN-TRANSIT: clients must use TLS. */
export const CacheTlsInTransit: AwsRule = {
  id: 'CacheTlsInTransit',
  items: ['CACHE-TLS-IN-TRANSIT'],
  types: ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::ServerlessCache', CACHE_CLUSTER],
  severity: Severity.HIGH,
  description: 'The replication group (or standalone Redis/Valkey cache cluster) has TransitEncryptionEnabled true and TransitEncryptionMode required (serverless caches always require TLS).',
  fix: 'Set TransitEncryptionEnabled: true and TransitEncryptionMode: required (preferred lets clients connect in clear text).',
  check(res, ctx) {
    if (res.type === 'AWS::ElastiCache::ServerlessCache') return pass(undefined, res.type, 'serverless caches accept TLS connections only');
    if (res.type === CACHE_CLUSTER) {
      const role = clusterRole(ctx, res);
      if ('skip' in role) return undefined;
      if ('open' in role) return role.open;
      return requireTrue(ctx, res, 'TransitEncryptionEnabled', `encryption in transit of the standalone ${role.judge} cluster`);
    }
    const enabled = requireTrue(ctx, res, 'TransitEncryptionEnabled', 'encryption in transit');
    if (enabled.status !== 'pass') return enabled;
    const mode = ctx.index.prop(res, 'TransitEncryptionMode');
    if (mode.k === 'absent') return pass('Properties.TransitEncryptionEnabled', 'true', 'TLS in transit enabled (mode defaults to required)');
    if (mode.k === 'unknown') return unknown('Properties.TransitEncryptionMode', mode, `transit encryption mode decided at deploy time (${mode.why})`);
    if ((V.str(mode) ?? '').toLowerCase() === 'required') return pass('Properties.TransitEncryptionMode', mode, 'TLS in transit required');
    return fail('Properties.TransitEncryptionMode', mode, `TransitEncryptionMode is ${V.show(mode)}: clients may still connect without TLS`);
  },
};
