import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { present, serviceSettings, textOf } from './settings';

const ENDPOINT_NAME = /(^|_)(URL|URI|HOST|HOSTNAME|ENDPOINT|ADDR|ADDRESS|SERVER|SERVERS|BROKERS?)$/;
const DATA_STORE_NAME = /(^|_)(DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|REDIS|CACHE|VALKEY|MEMCACHED?|ELASTICACHE|MONGO|MONGODB)(_|$)/;
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|::1|\[::1\]|host\.docker\.internal|[a-z0-9-]+\.local(domain)?)$/i;
const MANAGED_STORE_HOST = /\.(rds|cache|docdb|neptune|dax|memorydb|kafka)\.[a-z0-9.-]*amazonaws\.com$|\.es\.amazonaws\.com$/i;

/** The host a URL or host[:port] value names. */
function hostOf(text: string): string | undefined {
  const t = text.trim();
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(t);
  if (m) return m[1];
  const h = /^(\[[^\]]+\]|[^:/?#\s]+)(:\d+)?(\/.*)?$/.exec(t);
  return h ? h[1] : undefined;
}

/** A TLS problem in a connection URL (plain redis://, sslmode that does not require TLS). */
function tlsProblem(text: string): string | undefined {
  if (/^redis:\/\//i.test(text.trim())) return 'plain-text redis:// (use rediss://)';
  const m = /[?&](sslmode|ssl-mode)=(disable|allow|prefer|disabled|preferred)\b/i.exec(text);
  if (m) return `${m[1]}=${m[2]} does not require TLS`;
  if (/[?&](ssl|tls)=(false|0)\b/i.test(text)) return 'TLS switched off in the URL';
  return undefined;
}

/**
 * CONFIG-SERVICE-ENDPOINTS: endpoint settings (`*_URL`, `*_HOST`,
 * `*_ENDPOINT`, ...) of service compute are wired from the stack, not literal
 * local or hand-copied hosts, and connection URLs require TLS.
 *
 * Decisions: a literal pointing at localhost/127.0.0.1/host.docker.internal
 * fails; a literal host of a managed data store (…rds.amazonaws.com,
 * …cache.amazonaws.com) fails, as does any literal host for a data-store
 * variable (DATABASE_*, DB_*, REDIS_*, CACHE_*...) — those come from the
 * resource's endpoint attribute or a secret. Literal URLs of external services
 * (https://api.stripe.com) pass. `redis://` and `sslmode=disable|allow|prefer`
 * fail in literals and in Sub/Join text alike. Secret-injected values pass.
 */
export const ConfigEndpointsFromStack: AwsRule = {
  id: 'ConfigEndpointsFromStack',
  items: ['CONFIG-SERVICE-ENDPOINTS'],
  types: SERVICE_COMPUTE_TYPES,
  severity: Severity.MEDIUM,
  description: 'Endpoint settings of service compute are references to stack resources (or external service URLs), never localhost or hand-copied data-store hosts, and connection URLs require TLS.',
  fix: 'Build DATABASE_URL/REDIS_URL from the resource attributes (cluster.clusterEndpoint.hostname, rediss://${cache.attrPrimaryEndPointAddress}) or inject them from a secret; use rediss:// and sslmode=require.',
  check(res, { index }) {
    const sources = serviceSettings(res, index);
    if (!sources) return undefined;
    const out: Verdict[] = [];
    for (const src of sources) {
      const bad: string[] = [];
      const open: string[] = [];
      const ok: string[] = [];
      for (const s of src.settings) {
        const name = s.name.toUpperCase();
        if ((!ENDPOINT_NAME.test(name) && !/^(DATABASE|REDIS|CACHE|MONGO|MONGODB|POSTGRES|MYSQL)_?(URL|URI)$/.test(name)) || !present(s)) continue;
        if (s.fromSecret || s.val.k === 'secret') { ok.push(`${s.name} (secret)`); continue; }
        if (s.val.k === 'unknown') { open.push(s.name); continue; }
        const t = textOf(s.val);
        if (t === undefined) { if (s.val.k === 'ref') ok.push(`${s.name} → ${V.show(s.val)}`); continue; }
        const tls = tlsProblem(t);
        if (tls) { bad.push(`${s.name}: ${tls}`); continue; }
        if (s.val.k === 'expr') { ok.push(`${s.name} → ${s.val.refs.map((r) => r.logicalId).join(', ') || 'pseudo parameters'}`); continue; }
        const host = hostOf(t);
        if (!host) continue;
        if (LOCAL_HOST.test(host)) bad.push(`${s.name} points at ${host}`);
        else if (MANAGED_STORE_HOST.test(host)) bad.push(`${s.name} hard-codes the data store host ${host}`);
        else if (DATA_STORE_NAME.test(name)) bad.push(`${s.name} is a literal host (${host}), not wired from the stack`);
        else ok.push(`${s.name} (external ${host})`);
      }
      if (bad.length > 0) out.push(fail(src.path, bad.join('; '), `${src.label}: ${bad.join('; ')}`));
      else if (open.length > 0) out.push(unknown(src.path, open.join(', '), `${src.label}: ${open.join(', ')} decided at deploy time`));
      else if (ok.length > 0) out.push(pass(src.path, ok.join(', '), `${src.label}: endpoints ${ok.join(', ')}`));
    }
    return out.length > 0 ? out : undefined;
  },
};
