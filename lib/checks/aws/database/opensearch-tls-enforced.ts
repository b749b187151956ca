import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { V } from '../../template-index';
import { combine } from '../../cfn/databases';
import { OPENSEARCH_TYPES } from '../../cfn/opensearch';

/** The TLS security policies that accept TLS 1.2 or later only (Policy-Min-TLS-1-2-2019-07, -PFS-2023-10, -RFC9151-FIPS-2024-08). */
const TLS12 = /^Policy-Min-TLS-1-2-/;
/** The policy that accepts TLS 1.0 and 1.1, what a domain gets when none is written. */
const TLS10 = 'Policy-Min-TLS-1-0-2019-07';

/**
 * DB-TLS-ENFORCED for OpenSearch Service (and Elasticsearch) domains: three checks reported as one verdict (the
 * worst):
 * - `DomainEndpointOptions.EnforceHTTPS` true: otherwise the endpoint answers plain HTTP too (absent is false);
 * - `DomainEndpointOptions.TLSSecurityPolicy` is a `Policy-Min-TLS-1-2-*` policy: `Policy-Min-TLS-1-0-2019-07`,
 *   and a domain without a policy (the service default is that TLS 1.0 policy), accept
 *   TLS 1.0 and 1.1 (fail); another name is unknown;
 * - `NodeToNodeEncryptionOptions.Enabled` true: otherwise the nodes send the data to each other in cleartext.
 * Values decided at deploy time are unknown.
 */
export const OpenSearchTlsEnforced: AwsRule = {
  id: 'OpenSearchTlsEnforced',
  items: ['DB-TLS-ENFORCED'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains require HTTPS with TLS 1.2 or later (EnforceHTTPS, a Policy-Min-TLS-1-2 policy) and encrypt node-to-node traffic.',
  fix: 'Set DomainEndpointOptions { EnforceHTTPS: true, TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10 } and NodeToNodeEncryptionOptions { Enabled: true } (enforceHttps: true, tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2_PFS, nodeToNodeEncryption: true).',
  check(res, { index }) {
    const out: Verdict[] = [];
    const p = 'Properties.DomainEndpointOptions';
    const https = index.prop(res, 'DomainEndpointOptions.EnforceHTTPS');
    if (https.k === 'unknown') out.push(unknown(`${p}.EnforceHTTPS`, https, `HTTPS enforcement decided at deploy time (${https.why})`));
    else if (V.isTrue(https)) out.push(pass(`${p}.EnforceHTTPS`, https, 'HTTPS enforced'));
    else out.push(fail(`${p}.EnforceHTTPS`, https, `EnforceHTTPS ${V.show(https)}: the domain's endpoint accepts plain HTTP`));
    const policy = index.prop(res, 'DomainEndpointOptions.TLSSecurityPolicy');
    const s = policy.k === 'unknown' ? undefined : V.str(policy);
    if (policy.k === 'unknown') out.push(unknown(`${p}.TLSSecurityPolicy`, policy, `TLS security policy decided at deploy time (${policy.why})`));
    else if (policy.k === 'absent') out.push(fail(`${p}.TLSSecurityPolicy`, policy, `no TLSSecurityPolicy: the domain is given ${TLS10}, which accepts TLS 1.0 and 1.1`));
    else if (s !== undefined && TLS12.test(s)) out.push(pass(`${p}.TLSSecurityPolicy`, policy, `TLS security policy ${s} (TLS 1.2 or later)`));
    else if (s === TLS10) out.push(fail(`${p}.TLSSecurityPolicy`, policy, `TLS security policy ${s} accepts TLS 1.0 and 1.1`));
    else out.push(unknown(`${p}.TLSSecurityPolicy`, policy, `TLS security policy ${V.show(policy)} is not one OpenSearch Service documents`));
    const n2n = index.prop(res, 'NodeToNodeEncryptionOptions.Enabled');
    if (n2n.k === 'unknown') out.push(unknown('Properties.NodeToNodeEncryptionOptions.Enabled', n2n, `node-to-node encryption decided at deploy time (${n2n.why})`));
    else if (V.isTrue(n2n)) out.push(pass('Properties.NodeToNodeEncryptionOptions.Enabled', n2n, 'node-to-node traffic encrypted'));
    else out.push(fail('Properties.NodeToNodeEncryptionOptions.Enabled', n2n, `node-to-node encryption off (${V.show(n2n)}): the nodes exchange the data in cleartext`));
    return combine(out);
  },
};
