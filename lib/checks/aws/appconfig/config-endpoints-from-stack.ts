import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { DB_CLUSTER, DB_INSTANCE, dbSetting, engineFamily, engineOf, isAuroraCluster, isClusterMember } from '../../cfn/databases';
import { listEntries, SERVICE_COMPUTE_TYPES } from '../../cfn/environment';
import { present, serviceSettings, Setting, SettingSource, textOf } from './settings';

const ENDPOINT_NAME = /(^|_)(URL|URI|HOST|HOSTNAME|ENDPOINT|ADDR|ADDRESS|SERVER|SERVERS|BROKERS?)$/;
const DATA_STORE_NAME = /(^|_)(DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|REDIS|CACHE|VALKEY|MEMCACHED?|ELASTICACHE|MONGO|MONGODB)(_|$)/;
/** Loopback addresses: the task's or function's own network namespace. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|::1|\[::1\])$/i;
/** Other names of the machine or its local network: the Docker host, single-label mDNS `.local` names. */
const LOCAL_NAME = /^(host\.docker\.internal|[a-z0-9-]+\.local(domain)?)$/i;
const MANAGED_STORE_HOST = /\.(rds|cache|docdb|neptune|dax|memorydb|kafka)\.[a-z0-9.-]*amazonaws\.com$|\.es\.amazonaws\.com$/i;

/** Marks a piece of a Fn::Sub / Fn::Join decided at deploy time (an open parameter, an import) in the text read around it. */
const HOLE = '\u0000';

/** Plain-text URL schemes and their TLS counterparts. */
const PLAIN_SCHEMES: Record<string, string> = { http: 'https', ws: 'wss', redis: 'rediss', amqp: 'amqps' };

/** The scheme of a URL (`jdbc:` and a `+driver` suffix dropped: `postgresql+psycopg2://` → postgresql), lower case. */
function schemeOf(text: string): string | undefined {
  const m = /^\s*(?:jdbc:)?([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  return m ? m[1].split('+')[0].toLowerCase() : undefined;
}

/** Well-known default ports of URL schemes, for a URL that names none. */
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, postgres: 5432, postgresql: 5432, mysql: 3306, redis: 6379, rediss: 6379, amqp: 5672, amqps: 5671 };

/** The host a URL or host[:port] value names, and its port (written, or the scheme's default). */
function addressOf(text: string): { host?: string; port?: number } {
  const t = text.trim().replace(/^jdbc:/i, '');
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]+\]|\$\{[^}]*\}|[^:/?#]+)(?::(\d+))?/i.exec(t);
  if (m) return { host: m[2], port: m[3] !== undefined ? Number(m[3]) : DEFAULT_PORT[m[1].split('+')[0].toLowerCase()] };
  const h = /^(\[[^\]]+\]|\$\{[^}]*\}|[^:/?#\s]+)(:[^/]*)?(\/.*)?$/.exec(t);
  if (!h) return {};
  const port = h[2] !== undefined && /^:\d+$/.test(h[2]) ? Number(h[2].slice(1)) : undefined;
  return { host: h[1], port };
}

/** A TLS setting in a connection URL that lets the client connect without TLS. */
function weakTls(text: string): string | undefined {
  const m = /[?&](sslmode|ssl-mode|ssl)=(disable|allow|prefer|disabled|preferred)\b/i.exec(text);
  if (m) return `${m[1]}=${m[2]} does not require TLS`;
  const t = /[?&](tls)=(preferred)\b/i.exec(text);
  if (t) return `${t[1]}=${t[2]} falls back to plain text`;
  if (/[?&](ssl|tls|useSSL)=(false|0)\b/i.test(text)) return 'TLS switched off in the URL';
  return undefined;
}

/**
 * Whether a MongoDB URL asks for TLS: `mongodb+srv://` turns it on by default
 * (a `tls=false` there is `weakTls`'s), `mongodb://` only with `tls=true` or
 * `ssl=true`.
 */
function mongoTls(text: string): boolean {
  if (/^\s*mongodb\+srv:\/\//i.test(text)) return true;
  return /[?&](tls|ssl)=(true|1)\b/i.test(text);
}

/** Database URL families whose clients do not require TLS unless told to. */
type DbScheme = 'postgres' | 'mysql';
function dbScheme(scheme: string | undefined): DbScheme | undefined {
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'pgsql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb' || scheme === 'mysqlx') return 'mysql';
  return undefined;
}

/**
 * Whether a database URL requires TLS by itself: PostgreSQL `sslmode=require|
 * verify-ca|verify-full` (or `ssl=true|require|...`, node-postgres, pgjdbc,
 * asyncpg); MySQL `ssl-mode`/`sslMode=REQUIRED|VERIFY_CA|VERIFY_IDENTITY`,
 * `ssl=true`, `tls=true|skip-verify` (Go), `useSSL=true` (Connector/J).
 */
function requiresTls(text: string, family: DbScheme): boolean {
  if (family === 'postgres') return /[?&](sslmode|ssl)=(require|verify-ca|verify-full|true|1)\b/i.test(text);
  return /[?&](ssl-mode|sslmode)=(required|verify_ca|verify_identity)\b/i.test(text) || /[?&](ssl|tls|useSSL)=(true|1|skip-verify)\b/i.test(text);
}

/** What a setting's value is: fine, a problem (fail), or open (unknown), with why. */
type Judgement = { k: 'ok'; what: string } | { k: 'bad'; what: string } | { k: 'open'; what: string };

const CLIENT_DEFAULT: Record<DbScheme, string> = {
  postgres: "no sslmode: libpq's default sslmode=prefer falls back to plain text (use sslmode=require or verify-full)",
  mysql: 'no ssl-mode: MySQL clients default to PREFERRED or to no TLS, falling back to plain text (use ssl-mode=REQUIRED or VERIFY_IDENTITY)',
};

/**
 * Whether the database a URL's host refers to refuses connections without TLS
 * (`rds.force_ssl = 1`, `require_secure_transport = ON`, an RDS Proxy with
 * `RequireTLS`): then a client that only prefers TLS still gets it.
 */
function serverForcesTls(target: CfnResource, index: TemplateIndex, depth = 0): Judgement {
  if (target.type === 'AWS::RDS::DBProxyEndpoint' && depth < 2) {
    const p = index.prop(target, 'DBProxyName');
    if (p.k === 'ref' && p.target.type === 'AWS::RDS::DBProxy') return serverForcesTls(p.target, index, depth + 1);
    return { k: 'open', what: `whether the proxy of ${target.logicalId} requires TLS (${V.show(p)})` };
  }
  if (target.type === 'AWS::RDS::DBProxy') {
    const v = index.prop(target, 'RequireTLS');
    if (v.k === 'unknown') return { k: 'open', what: `RequireTLS of ${target.logicalId} (${v.why})` };
    return V.isTrue(v)
      ? { k: 'ok', what: `proxy ${target.logicalId} requires TLS (RequireTLS)` }
      : { k: 'bad', what: `proxy ${target.logicalId} does not require TLS (RequireTLS ${V.show(v)})` };
  }
  let db = target;
  if (isClusterMember(target, index)) {
    const c = index.prop(target, 'DBClusterIdentifier');
    if (c.k !== 'ref' || c.target.type !== DB_CLUSTER) return { k: 'open', what: `whether the cluster of ${target.logicalId} (${V.show(c)}) forces TLS` };
    db = c.target;
  }
  if (db.type !== DB_CLUSTER && db.type !== DB_INSTANCE) return { k: 'bad', what: `${target.logicalId} (${target.type}) is not an RDS database whose TLS setting this check reads` };
  const engine = engineOf(db, index);
  const family = engine === undefined ? 'other' : engineFamily(engine);
  if (family === 'other') return { k: 'open', what: `whether ${db.logicalId} (engine ${engine ?? 'decided at deploy time or inherited'}) forces TLS` };
  const name = family === 'postgres' ? 'rds.force_ssl' : 'require_secure_transport';
  const s = dbSetting(db, name, index);
  const v = s.value;
  if (v.k === 'unknown') return { k: 'open', what: `${name} of ${db.logicalId} (${v.why})` };
  if (v.k === 'absent') {
    if (family === 'mysql') return { k: 'bad', what: `${db.logicalId} does not force TLS (require_secure_transport not set in ${s.where}; the default is OFF)` };
    if (isAuroraCluster(db, index)) return { k: 'bad', what: `${db.logicalId} does not force TLS (rds.force_ssl not set in ${s.where}; Aurora PostgreSQL defaults it to 0)` };
    return { k: 'open', what: `whether ${db.logicalId} forces TLS: rds.force_ssl is not set in ${s.where}, and RDS for PostgreSQL defaults it to 1 only from version 15 (DB-TLS-ENFORCED judges the version)` };
  }
  const text = (V.str(v) ?? '').toUpperCase();
  return text === '1' || text === 'ON'
    ? { k: 'ok', what: `${db.logicalId} forces TLS (${name} = ${V.show(v)} in ${s.where})` }
    : { k: 'bad', what: `${db.logicalId} does not force TLS (${name} = ${V.show(v)} in ${s.where})` };
}

/**
 * What listens on a loopback address of `res`, as far as the stack declares it:
 * - `ok`: another container of an ECS task definition that shares its network namespace (NetworkMode `awsvpc`, which
 *   Fargate requires, or `host`) and maps the endpoint's port (`PortMappings`): a collector or proxy sidecar
 *   (`OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317` beside an ADOT collector). Its traffic never leaves the task,
 *   so plain text is no problem either;
 * - `open`: a container of the namespace maps no port at all (in awsvpc mode a container need not map a port to be
 *   reached on localhost), or a Lambda function's layers, whose extensions may listen there;
 * - undefined: nothing of the stack is on that loopback (one container; bridge mode, where each container has its
 *   own; containers whose port mappings all name other ports, taken at their word; a function without layers): the
 *   endpoint is judged as before, and fails.
 */
function loopbackPeer(res: CfnResource, index: TemplateIndex, port: number | undefined, own: string): { k: 'ok' | 'open'; what: string } | undefined {
  if (res.type === 'AWS::ECS::TaskDefinition') {
    const mode = index.prop(res, 'NetworkMode');
    const compat = index.items(index.prop(res, 'RequiresCompatibilities')) ?? [];
    const shared = mode.k === 'absent' ? compat.some((c) => V.str(c) === 'FARGATE') : ['awsvpc', 'host'].includes(V.str(mode) ?? '');
    if (!shared) return undefined;
    const containers = index.items(index.prop(res, 'ContainerDefinitions')) ?? [];
    if (containers.length < 2) return undefined;
    // The container whose setting it is (its evidence path names it) is not its own sidecar.
    const self = Number(/ContainerDefinitions[.[](\d+)/.exec(own)?.[1] ?? -1);
    const silent: string[] = [];
    for (const [i, c] of containers.entries()) {
      if (i === self) continue;
      const mappings = index.prop(res, 'ContainerDefinitions').k === 'unknown' ? undefined : index.items(index.field(c, 'PortMappings'));
      if (mappings === undefined || mappings.length === 0) silent.push(V.show(index.field(c, 'Name')));
      for (const m of mappings ?? []) {
        if (port !== undefined && V.num(index.field(m, 'ContainerPort')) === port) return { k: 'ok', what: `container ${V.show(index.field(c, 'Name'))} of the task maps port ${port}` };
      }
    }
    // Containers that declare their ports are taken at their word; one that declares none may listen anywhere.
    if (silent.length === 0) return undefined;
    return { k: 'open', what: `whether container ${silent.join(', ')} of the task listens on ${port === undefined ? 'that port' : `port ${port}`} cannot be seen: it maps no port` };
  }
  if (res.type === 'AWS::Lambda::Function') {
    const layers = index.items(index.prop(res, 'Layers')) ?? [];
    return layers.length > 0 ? { k: 'open', what: `whether an extension of the function's layers (${layers.map((l) => V.show(l)).join(', ')}) listens there cannot be seen` } : undefined;
  }
  return undefined;
}

/** The URL without its user information (`user:password@`): a secret or an open piece there cannot change scheme, host or query. */
function withoutUserinfo(text: string): string {
  return text.replace(/^(\s*(?:jdbc:)?[a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

/**
 * One endpoint setting judged on its text: a literal, a Sub/Join text with
 * `${Id.Attr}` for resource references, or the literal parts of a value with
 * pieces decided at deploy time or read from a secret (`HOLE`; `holes` says
 * what they are). A hole outside the user information never passes: the value
 * is a problem when its literal parts show one, else open.
 */
function judge(name: string, written: string, index: TemplateIndex, holes?: string, res?: { res: CfnResource; path: string }): Judgement {
  const text = withoutUserinfo(written);
  const { host, port } = addressOf(text);
  if (res !== undefined && host !== undefined && LOOPBACK_HOST.test(host) && !(holes !== undefined && text.includes(HOLE))) {
    const peer = loopbackPeer(res.res, index, port, res.path);
    if (peer) return { k: peer.k, what: `${name} → ${host}: ${peer.what}` };
  }
  const open = holes !== undefined && text.includes(HOLE);
  const scheme = schemeOf(text);
  const problems: string[] = [];
  /** The private DNS namespace or hosted zone of this template that serves the literal host, when one does. */
  let served: string | undefined;
  if (scheme !== undefined && PLAIN_SCHEMES[scheme]) problems.push(`plain-text ${scheme}:// (use ${PLAIN_SCHEMES[scheme]}://)`);
  const weak = weakTls(text);
  if (weak) problems.push(weak);
  else if (scheme === 'mongodb' && !mongoTls(text)) problems.push('mongodb:// without tls=true: MongoDB drivers connect in plain text unless told to (add tls=true, or use mongodb+srv://)');
  const literalHost = host !== undefined && !host.includes(HOLE) && !host.includes('${') ? host : undefined;
  if (literalHost !== undefined) {
    const zone = LOCAL_NAME.test(literalHost) ? privateZoneOf(literalHost, index) : undefined;
    if (zone !== undefined) served = zone;
    else if (LOOPBACK_HOST.test(literalHost) || LOCAL_NAME.test(literalHost)) problems.push(`points at ${literalHost}`);
    else if (MANAGED_STORE_HOST.test(literalHost)) problems.push(`hard-codes the data store host ${literalHost}`);
    else if (DATA_STORE_NAME.test(name)) problems.push(`is a literal host (${literalHost}), not wired from the stack`);
  }
  const family = dbScheme(scheme);
  let server: Judgement | undefined;
  if (problems.length === 0 && family && !requiresTls(text, family)) {
    const mode = CLIENT_DEFAULT[family].split(':')[0];
    if (open) return { k: 'open', what: `${name}: ${mode} in its literal parts; ${holes} decides whether it requires TLS` };
    const ref = host === undefined ? undefined : /^\$\{\u0005([^}.]+)(?:\.[^}]*)?\}$/.exec(host);
    const target = ref ? index.get(ref[1]) : undefined;
    if (!target) problems.push(CLIENT_DEFAULT[family]);
    else {
      server = serverForcesTls(target, index);
      if (server.k === 'bad') problems.push(`${CLIENT_DEFAULT[family]}, and ${server.what}`);
      else if (server.k === 'open') return { k: 'open', what: `${name}: ${CLIENT_DEFAULT[family]}; decided by ${server.what}` };
    }
  }
  if (problems.length > 0) return { k: 'bad', what: `${name}: ${problems.join(', ')}` };
  if (open) return { k: 'open', what: `${name}: ${holes} decides it; its literal parts show no problem` };
  const via = server ? ` (${CLIENT_DEFAULT[family!].split(':')[0]}, but ${server.what})` : '';
  const refs = [...text.matchAll(/\$\{\u0005([^}.$]+)(?:\.[^}$]*)?\}/g)].map((m) => m[1]); // one way to match: linear on `${${${...`
  if (refs.length > 0) return { k: 'ok', what: `${name} → ${[...new Set(refs)].join(', ')}${via}` };
  if (served !== undefined) return { k: 'ok', what: `${name} → ${literalHost}, a name in ${served}` };
  return { k: 'ok', what: literalHost ? `${name} (external ${literalHost})` : name };
}

/** Private DNS namespaces (Cloud Map) and private hosted zones (Route 53, with VPCs): names only the stack's VPCs resolve. */
const PRIVATE_ZONE_TYPES = ['AWS::ServiceDiscovery::PrivateDnsNamespace', 'AWS::Route53::HostedZone'];

/**
 * The private namespace or hosted zone of this template that a `<name>.local` host belongs to: Cloud Map
 * namespaces are often named `local` (`orders.local` is then the stack's orders service, not the machine's own
 * mDNS name). A hosted zone counts when it has VPCs (a private zone). A namespace whose name is decided at deploy
 * time makes the verdict depend on it (the evaluator's worlds).
 */
function privateZoneOf(host: string, index: TemplateIndex): string | undefined {
  const h = host.toLowerCase();
  for (const type of PRIVATE_ZONE_TYPES) {
    for (const zone of index.ofType(type)) {
      if (type === 'AWS::Route53::HostedZone' && (index.items(index.prop(zone, 'VPCs')) ?? []).length === 0) continue;
      const name = V.str(index.prop(zone, 'Name'));
      if (name === undefined) continue;
      const n = name.toLowerCase().replace(/\.$/, '');
      if (n !== '' && h.endsWith(`.${n}`)) return `${type === 'AWS::Route53::HostedZone' ? 'private hosted zone' : 'Cloud Map namespace'} ${zone.logicalId} (${n})`;
    }
  }
  return undefined;
}

/**
 * The text of a setting whose value is decided at deploy time, read around
 * the open pieces (`HOLE` for each): a Fn::Sub / Fn::Join whose parameter is
 * open still shows its scheme and host. Undefined when nothing literal is left.
 */
function textAroundHoles(res: CfnResource, src: SettingSource, s: Setting, index: TemplateIndex): { text: string; why: string } | undefined {
  let path: string | undefined;
  if (res.type === 'AWS::Lambda::Function') path = `Environment.Variables.${s.name}`;
  else if (src.env.containerVal && src.env.position !== undefined && !s.fromSecret) {
    for (const { val, position } of listEntries(index, index.field(src.env.containerVal, 'Environment'))) {
      const n = index.field(val, 'Name');
      if (n.k === 'lit' && n.v === s.name) path = `ContainerDefinitions.${src.env.position}.Environment.${position}.Value`;
    }
  }
  if (path === undefined) return undefined;
  const t = index.textWithHoles(res, path);
  if (!t || t.holes.length === 0) return undefined;
  // eslint-disable-next-line no-control-regex
  const text = t.text.replace(/\u0000[^\u0000]*\u0000/g, HOLE);
  if (text.split(HOLE).join('').trim() === '') return undefined;
  return { text, why: `a piece decided at deploy time (${t.holes[0]})` };
}

/** A URL that embeds Secrets Manager / SSM dynamic references (a password): the references as holes. */
function secretUrl(text: string): string | undefined {
  if (schemeOf(text) === undefined) return undefined;
  return text.replace(/\{\{resolve:[^}]*\}\}/g, HOLE);
}

/**
 * CONFIG-SERVICE-ENDPOINTS: endpoint settings (`*_URL`, `*_HOST`,
 * `*_ENDPOINT`, ...) of service compute are wired from the stack, not literal
 * local or hand-copied hosts, and connection URLs require TLS.
 *
 * Decisions: a host that is localhost/127.0.0.1/host.docker.internal or a
 * single-label `.local` name fails, except a `.local` name in a Cloud Map
 * private DNS namespace or a private hosted zone of this template (a namespace
 * named `local`: `orders.local` is then the stack's service, and is judged as
 * a host of the stack), and
 * except a loopback address where the stack declares what listens there:
 * another container of an awsvpc or host-mode task mapping that port passes,
 * plain text included (the traffic stays in the task); a container that maps
 * no port at all, or a Lambda function's layer extensions, is unknown
 * (`loopbackPeer`); a
 * literal host of a managed data store (…rds.amazonaws.com,
 * …cache.amazonaws.com) fails, as does any literal host for a data-store
 * variable (DATABASE_*, DB_*, REDIS_*, CACHE_*...) — those come from the
 * resource's endpoint attribute or a secret. Literal https URLs of external
 * services (https://api.stripe.com) pass. Plain-text schemes (`http://`,
 * `ws://`, `redis://`, `amqp://`, and `mongodb://` without `tls=true`) fail, and so does a TLS setting that does
 * not require TLS (`sslmode=disable|allow|prefer`, `ssl-mode=DISABLED|
 * PREFERRED`, `ssl=false`). A PostgreSQL URL without sslmode uses libpq's
 * default `prefer`, and a MySQL URL without ssl-mode its client's default
 * (PREFERRED or none): both fall back to plain text, so they fail, unless the
 * host is a database of this template that refuses plain text on every branch
 * (`rds.force_ssl = 1`, `require_secure_transport = ON`, an RDS Proxy with
 * `RequireTLS`) — pass, saying so — or whose setting is decided elsewhere
 * (unknown). Fn::Sub / Fn::Join values are judged on the same text, resource
 * references shown as `${Id.Attr}`; a value with a piece decided at deploy
 * time (an open parameter) is judged on its literal parts: a problem there
 * fails, otherwise it is unknown. Secret-injected values pass.
 */
export const ConfigEndpointsFromStack: AwsRule = {
  id: 'ConfigEndpointsFromStack',
  items: ['CONFIG-SERVICE-ENDPOINTS'],
  types: SERVICE_COMPUTE_TYPES,
  readsTypes: PRIVATE_ZONE_TYPES,
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
        if (s.fromSecret) { ok.push(`${s.name} (secret)`); continue; }
        let j: Judgement;
        if (s.val.k === 'secret') {
          // A URL written around a secret (its password) still shows its scheme, host and TLS mode.
          const url = secretUrl(s.val.text);
          if (url === undefined) { ok.push(`${s.name} (secret)`); continue; }
          j = judge(s.name, url, index, 'a secret', { res, path: src.path });
        } else if (s.val.k === 'unknown') {
          const around = textAroundHoles(res, src, s, index);
          j = around === undefined ? { k: 'open', what: `${s.name} is decided at deploy time (${s.val.why})` } : judge(s.name, around.text, index, around.why, { res, path: src.path });
        } else {
          const t = textOf(s.val);
          if (t === undefined) { if (s.val.k === 'ref') ok.push(`${s.name} → ${V.show(s.val)}`); continue; }
          j = judge(s.name, t, index, undefined, { res, path: src.path });
        }
        (j.k === 'bad' ? bad : j.k === 'open' ? open : ok).push(j.what);
      }
      if (bad.length > 0) out.push(fail(src.path, bad.join('; '), `${src.label}: ${bad.join('; ')}`));
      else if (open.length > 0) out.push(unknown(src.path, open.join('; '), `${src.label}: ${open.join('; ')}`));
      else if (ok.length > 0) out.push(pass(src.path, ok.join(', '), `${src.label}: endpoints ${ok.join(', ')}`));
    }
    return out.length > 0 ? out : undefined;
  },
};
