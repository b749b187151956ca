import { AwsRule } from '../../rule';
import { CacheAuth } from './cache-auth';
import { CacheEncryptionAtRest } from './cache-encryption-at-rest';
import { CacheMultiAzFailover } from './cache-multi-az-failover';
import { CacheProvisioned } from './cache-provisioned';
import { CacheSnapshotRetention } from './cache-snapshot-retention';
import { CacheTlsInTransit } from './cache-tls-in-transit';

/** Rules of the cache area. @internal */
export const CACHE_RULES: AwsRule[] = [
  CacheProvisioned,
  CacheTlsInTransit,
  CacheEncryptionAtRest,
  CacheAuth,
  CacheMultiAzFailover,
  CacheSnapshotRetention,
];
