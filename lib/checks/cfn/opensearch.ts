import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { statementEveryone } from './iam-policies';
import { entries, entryPath } from './lists';

/**
 * Reading Amazon OpenSearch Service domains: `AWS::OpenSearchService::Domain` and the legacy
 * `AWS::Elasticsearch::Domain`, which spells two properties differently (`ElasticsearchClusterConfig`,
 * `ElasticsearchVersion`) and otherwise names them alike. Every value is read through the index.
 * @internal
 */

/** @internal */
export const OPENSEARCH_DOMAIN = 'AWS::OpenSearchService::Domain';
/** @internal */
export const ELASTICSEARCH_DOMAIN = 'AWS::Elasticsearch::Domain';
/** The domain types the database items read. @internal */
export const OPENSEARCH_TYPES = [OPENSEARCH_DOMAIN, ELASTICSEARCH_DOMAIN];

/** Where the domain writes its cluster (nodes, zones): `ClusterConfig`, legacy `ElasticsearchClusterConfig`. @internal */
export function clusterConfigProp(res: CfnResource): string {
  return res.type === ELASTICSEARCH_DOMAIN ? 'ElasticsearchClusterConfig' : 'ClusterConfig';
}

/** Where the domain writes its engine version: `EngineVersion`, legacy `ElasticsearchVersion`. @internal */
export function versionProp(res: CfnResource): string {
  return res.type === ELASTICSEARCH_DOMAIN ? 'ElasticsearchVersion' : 'EngineVersion';
}

/** Whether a resource is an OpenSearch Service (or legacy Elasticsearch) domain. @internal */
export function isDomain(res: CfnResource): boolean {
  return OPENSEARCH_TYPES.includes(res.type);
}

/**
 * The number of data nodes of a domain: its cluster configuration's `InstanceCount` (default 1), or why it is decided
 * at deploy time. A domain-level metric (`ClientId` + `DomainName`) aggregates the data points of every data node.
 * @internal
 */
export function dataNodes(res: CfnResource, index: TemplateIndex): { count: number } | { open: string } {
  const v = index.prop(res, `${clusterConfigProp(res)}.InstanceCount`);
  if (v.k === 'absent') return { count: 1 };
  const n = v.k === 'unknown' ? undefined : V.num(v);
  return n === undefined ? { open: `InstanceCount of ${res.logicalId} is ${v.k === 'unknown' ? `decided at deploy time (${v.why})` : V.show(v)}` } : { count: n };
}

/** How a statement of the access policy lets a caller in. @internal */
export type Grant =
  /** Principal `*` (or `AWS: *`) with no condition, or conditions on the caller's network only (source IP, VPC). */
  | { k: 'anyone'; path: string; network: boolean }
  /** Principal `*` with a condition on the signing principal (aws:PrincipalAccount, PrincipalOrgID, PrincipalArn): IAM-signed requests only. */
  | { k: 'signed'; path: string }
  /** AWS principals (accounts, roles, users) or services: IAM-signed requests only. */
  | { k: 'principals'; path: string }
  /** Decided at deploy time, or written in a way not read here. */
  | { k: 'open'; path: string; why: string };

/** Condition keys that only a request signed by an IAM principal carries. */
const PRINCIPAL_KEY = /^aws:principal/i;
/** Condition keys about where the request comes from: they admit unsigned requests from there. */
const NETWORK_KEYS = ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip'];

/**
 * The Allow statements of a domain's `AccessPolicies` (a document: an object or JSON text) and who each lets in.
 * `undefined` when the domain has no access policy (only identity policies of its account grant access). A document
 * or statement list decided at deploy time is one `open` grant; a statement whose effect is decided at deploy time
 * counts as Allow.
 * @internal
 */
export function accessGrants(res: CfnResource, index: TemplateIndex): Grant[] | undefined {
  const base = 'Properties.AccessPolicies';
  const doc = index.document(index.prop(res, ''), 'AccessPolicies');
  if (doc.k === 'absent') return undefined;
  if (doc.k !== 'lit' || doc.v === null || typeof doc.v !== 'object' || Array.isArray(doc.v)) {
    return [{ k: 'open', path: base, why: doc.k === 'unknown' ? doc.why : `an access policy not read as JSON (${V.show(doc).slice(0, 80)})` }];
  }
  const raw = index.field(doc, 'Statement');
  const list = entries(index, raw);
  if (list === undefined) return [{ k: 'open', path: `${base}.Statement`, why: raw.k === 'unknown' ? raw.why : 'statements decided at deploy time' }];
  const out: Grant[] = [];
  for (const e of list) {
    const s = e.value;
    const at = entryPath(`${base}.Statement`, e);
    if (s.k === 'unknown') { out.push({ k: 'open', path: at, why: s.why }); continue; }
    if (s.k !== 'lit' || s.v === null || typeof s.v !== 'object' || Array.isArray(s.v)) continue;
    const effect = index.field(s, 'Effect');
    if (effect.k !== 'unknown' && V.str(effect) !== 'Allow') continue;
    out.push(grantOf(index, s, at));
  }
  return out;
}

function grantOf(index: TemplateIndex, s: Val, at: string): Grant {
  const who = statementEveryone(index, s);
  if (who.not && who.k !== 'no') return { k: 'open', path: `${at}.NotPrincipal`, why: who.k === 'maybe' ? who.why : 'an Allow with NotPrincipal lets in everyone it does not name' };
  if (who.k === 'maybe') return { k: 'open', path: `${at}.Principal`, why: who.why };
  if (who.k === 'no') return { k: 'principals', path: at };
  const cond = index.field(s, 'Condition');
  if (cond.k === 'absent') return { k: 'anyone', path: at, network: false };
  const ops = index.keys(cond);
  if (ops === undefined) return { k: 'open', path: `${at}.Condition`, why: cond.k === 'unknown' ? cond.why : 'a condition not read' };
  let signed = false;
  let network = false;
  let other = false;
  for (const [op, body] of ops) {
    const keys = index.keys(body);
    if (keys === undefined) return { k: 'open', path: `${at}.Condition.${op}`, why: body.k === 'unknown' ? body.why : 'a condition not read' };
    // `...IfExists` and `Null` hold for a request without the key (an unsigned one has no principal).
    const holdsWithout = /IfExists$/i.test(op) || /^Null$/i.test(op);
    for (const [key] of keys) {
      if (PRINCIPAL_KEY.test(key) && !holdsWithout) signed = true;
      else if (NETWORK_KEYS.includes(key.toLowerCase())) network = true;
      else other = true;
    }
  }
  if (signed) return { k: 'signed', path: `${at}.Condition` };
  if (other) return { k: 'open', path: `${at}.Condition`, why: 'a condition on keys other than the caller\'s network or principal: whether it admits unsigned requests is not read' };
  return { k: 'anyone', path: at, network };
}
