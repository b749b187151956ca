import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex } from '../../template-index';
import { Undecidable } from '../../world';
import { openPolicy, tlsDenial } from '../../cfn/edge';
import { DYNAMODB_GLOBAL_TABLE, DYNAMODB_TYPES, TableCopy, acrossCopies, tableCopies } from '../../cfn/dynamodb';

/**
 * DB-TLS-ENFORCED for DynamoDB: requests without TLS are refused. DynamoDB's regional endpoints
 * (`dynamodb.<region>.amazonaws.com`, the account-based and dual-stack ones) accept HTTP as well as HTTPS (AWS
 * General Reference, "Amazon DynamoDB endpoints and quotas"); only the FIPS endpoints are HTTPS only. What refuses a
 * request made without TLS is the table's resource policy (`ResourcePolicy.PolicyDocument`) denying it: Effect Deny,
 * Principal `*`, Action `*` or `dynamodb:*`, a Resource covering the table (`*`, or the literal ARN of its literal
 * `TableName`; a table's policy cannot name the table by reference), and a condition `Bool aws:SecureTransport
 * false` alone (read by `tlsDenial`, as for buckets and topics). A table with a stream (`StreamSpecification`) is read
 * through the stream too: its policy (`StreamSpecification.ResourcePolicy`, on a global table each replica's
 * `ReplicaStreamSpecification.ResourcePolicy`) must deny the same, with Resource `*` (the stream's ARN is made at
 * deploy time). A global table's replicas each carry their policies: every replica must. No policy → fail; a
 * statement decided at deploy time, or a Resource this check does not read, → unknown.
 * A `Table`'s CDK replicas (`Custom::DynamoDBReplica`, `replicationRegions`) are created with their region alone and carry none of the table's settings: each is judged as a copy with none (fail).
 */
export const DynamoDbTlsEnforced: AwsRule = {
  id: 'DynamoDbTlsEnforced',
  items: ['DB-TLS-ENFORCED'],
  types: DYNAMODB_TYPES,
  severity: Severity.MEDIUM,
  description: 'DynamoDB tables (and their streams, on every replica) have a resource policy denying requests where aws:SecureTransport is false: DynamoDB\'s endpoints also accept HTTP.',
  fix: 'Add ResourcePolicy { PolicyDocument: { Statement: [{ Effect: Deny, Principal: "*", Action: "dynamodb:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] } } to the table (and its stream\'s ResourcePolicy; TableV2: resourcePolicy on each replica).',
  check(res, { index }) {
    const hasStream = index.prop(res, 'StreamSpecification');
    if (hasStream.k === 'unknown') return unknown('Properties.StreamSpecification', hasStream, `whether the table has a stream is decided at deploy time (${hasStream.why})`);
    const streamPath = res.type === DYNAMODB_GLOBAL_TABLE ? 'ReplicaStreamSpecification.ResourcePolicy.PolicyDocument' : 'StreamSpecification.ResourcePolicy.PolicyDocument';
    return acrossCopies(tableCopies(res, index).flatMap((c) => [
      judgePolicy(index, res, c, 'ResourcePolicy.PolicyDocument', 'the table'),
      ...(hasStream.k !== 'absent' ? [judgePolicy(index, res, c, streamPath, 'its stream')] : []),
    ]));
  },
};

function judgePolicy(index: TemplateIndex, res: CfnResource, c: TableCopy, path: string, what: string): Verdict {
  const p = `${c.base}.${path}`;
  const doc = index.document(c.value, path);
  if (doc.k === 'absent') return fail(p, doc, `${c.name}: no resource policy on ${what}: DynamoDB's endpoint accepts requests over plain HTTP`);
  try {
    const d = tlsDenial(index, doc, res);
    if (d.ok) return pass(`${p}.Statement.${d.statement}`, 'Deny aws:SecureTransport false', `${c.name}: the resource policy of ${what} denies requests without TLS`);
    return fail(p, undefined, `${c.name}: the resource policy of ${what} does not refuse requests without TLS (${d.why})`);
  } catch (e) {
    if (!(e instanceof Undecidable)) throw e;
    return unknown(p, undefined, `${c.name}: whether the resource policy of ${what} refuses requests without TLS is ${openPolicy(e)}`);
  }
}
