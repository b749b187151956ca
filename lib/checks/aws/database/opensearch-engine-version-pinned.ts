import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { ELASTICSEARCH_DOMAIN, OPENSEARCH_TYPES, versionProp } from '../../cfn/opensearch';

/**
 * DB-ENGINE-VERSION for OpenSearch Service (and Elasticsearch) domains: the engine version is written. An
 * `AWS::OpenSearchService::Domain` without `EngineVersion` is created with the latest OpenSearch version of the day;
 * a legacy `AWS::Elasticsearch::Domain` without `ElasticsearchVersion` with Elasticsearch 1.5: neither is the version
 * staging tested (fail). A version is major.minor (`OpenSearch_2.11`, `Elasticsearch_7.10`, legacy `7.10`), the only
 * form OpenSearch Service takes: set passes. OpenSearch Service never upgrades the engine on its own; its service
 * software updates (`SoftwareUpdateOptions.AutoSoftwareUpdateEnabled`) patch the service, not the engine version,
 * and are not judged. Decided at deploy time is unknown.
 */
export const OpenSearchEngineVersionPinned: AwsRule = {
  id: 'OpenSearchEngineVersionPinned',
  items: ['DB-ENGINE-VERSION'],
  types: OPENSEARCH_TYPES,
  severity: Severity.LOW,
  description: 'OpenSearch Service domains set EngineVersion (legacy Elasticsearch domains ElasticsearchVersion), never left to the service default.',
  fix: 'Pin the version staging runs: EngineVersion OpenSearch_2.x (version: EngineVersion.OPENSEARCH_2_x).',
  check(res, { index }) {
    const prop = versionProp(res);
    const p = `Properties.${prop}`;
    const v = index.prop(res, prop);
    if (v.k === 'unknown') return unknown(p, v, `engine version decided at deploy time (${v.why})`);
    const s = V.str(v);
    if (v.k === 'absent') {
      return fail(p, v, res.type === ELASTICSEARCH_DOMAIN
        ? 'ElasticsearchVersion not set: the domain is created with Elasticsearch 1.5, not the version you tested'
        : 'EngineVersion not set: the domain is created with the latest OpenSearch version of the day, not the one you tested');
    }
    if (s === undefined || s.trim() === '') return unknown(p, v, `engine version ${V.show(v)} not read`);
    return pass(p, v, `engine version pinned to ${s}`);
  },
};
