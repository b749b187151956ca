import { Verdict } from '../rule';
import { CfnResource, TemplateIndex, V, Val } from '../template-index';
import { Undecidable } from '../world';
import { combine } from './databases';
import { entries, entryPath } from './lists';

/**
 * Shared reading of DynamoDB tables. An `AWS::DynamoDB::Table` carries its settings itself; an
 * `AWS::DynamoDB::GlobalTable` (what the CDK's `TableV2` writes, one replica or several) carries some at the top
 * (`SSESpecification.SSEEnabled`, `StreamSpecification`, `TableName`) and the rest on each replica
 * (`Replicas[].PointInTimeRecoverySpecification`, `DeletionProtectionEnabled`, `SSESpecification.KMSMasterKeyId`,
 * `ResourcePolicy`, `ReplicaStreamSpecification`, `Tags`): a replica is a table of its own in its region, and every
 * replica must satisfy an item for the global table to. A `Table` the CDK replicates (`replicationRegions`) has a
 * `Custom::DynamoDBReplica` per other region, made with none of the table's settings: every one must satisfy too.
 * @internal
 */

export const DYNAMODB_TABLE = 'AWS::DynamoDB::Table';
export const DYNAMODB_GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';
export const DYNAMODB_TYPES = [DYNAMODB_TABLE, DYNAMODB_GLOBAL_TABLE];
/** The CDK's replica of a `Table` in another region (`replicationRegions`), made by its replica provider. */
export const DYNAMODB_CDK_REPLICA = 'Custom::DynamoDBReplica';

/** Where a table's per-copy settings are read: the table itself, or one replica of a global table. @internal */
export interface TableCopy {
  /** In words: `table Orders`, `replica eu-west-1 of global table Orders`. */
  readonly name: string;
  /** The property path of the copy's settings (`Properties`, `Properties.Replicas.0`). */
  readonly base: string;
  /** The value of a setting of the copy, at a dotted path below `base`. */
  readonly at: (path: string) => Val;
  /** The copy's settings as one value (the replica entry), for `TemplateIndex.document`; the table's properties for a table. */
  readonly value: Val;
}

/**
 * The copies of a table whose settings an item reads: the table and its CDK replicas in other regions
 * (`Custom::DynamoDBReplica`, see `cdkReplicas`: copies with none of the table's settings), or every replica of a
 * global table in the current world (an `Fn::If` replica only where its condition holds). A replica list decided at deploy time, or
 * a global table listing none (CloudFormation requires the stack's region among them), is undecidable: the
 * verdict is unknown, never a pass over no replica.
 * @internal
 */
export function tableCopies(res: CfnResource, index: TemplateIndex): TableCopy[] {
  if (res.type !== DYNAMODB_GLOBAL_TABLE) {
    const table: TableCopy = { name: `table ${res.logicalId}`, base: 'Properties', at: (p) => index.prop(res, p), value: index.prop(res, '') };
    return [table, ...cdkReplicas(res, index).map((r) => replicaCopy(r, res, index))];
  }
  const replicas = index.prop(res, 'Replicas');
  const list = entries(index, replicas);
  if (list === undefined) throw new Undecidable(`the replicas of global table ${res.logicalId} are decided at deploy time (${replicas.k === 'unknown' ? replicas.why : V.show(replicas)})`);
  if (list.length === 0) throw new Undecidable(`global table ${res.logicalId} lists no replica here (CloudFormation requires one in the stack's region)`);
  return list.map((e) => {
    const region = index.field(e.value, 'Region');
    return {
      name: `replica ${region.k === 'lit' ? V.str(region) : V.show(region)} of global table ${res.logicalId}`,
      base: entryPath('Properties.Replicas', e),
      at: (p: string) => index.field(e.value, p),
      value: e.value,
    };
  });
}

/**
 * The CDK's replicas of a table in other regions (`Table` `replicationRegions`): the `Custom::DynamoDBReplica`
 * resources of the current world whose `TableName` is the table (its `Ref`, or its literal `TableName`). Their
 * provider calls UpdateTable with `ReplicaUpdates: [{ Create: { RegionName } }]` and nothing else, so each replica
 * is a table of its own that carries none of the settings DynamoDB does not synchronize between replicas
 * (point-in-time recovery, deletion protection, resource policies, encryption key, tags). A replica whose
 * `TableName` is decided at deploy time may be this table's: undecidable.
 * @internal
 */
export function cdkReplicas(res: CfnResource, index: TemplateIndex): CfnResource[] {
  const name = index.prop(res, 'TableName');
  return index.ofType(DYNAMODB_CDK_REPLICA).filter((r) => {
    const of = index.prop(r, 'TableName');
    if (of.k === 'ref') return of.target === res && of.attr === undefined;
    if (of.k === 'lit') return name.k === 'lit' && V.show(name) === V.show(of);
    if (of.k === 'absent') return false;
    throw new Undecidable(`the table of replica ${r.logicalId} (${DYNAMODB_CDK_REPLICA}) is decided at deploy time (${of.k === 'unknown' ? of.why : V.show(of)}): it may be a replica of ${res.logicalId}`);
  });
}

/** A CDK replica as a copy of the table: none of the table's settings, every one read as absent (its defaults). */
function replicaCopy(r: CfnResource, table: CfnResource, index: TemplateIndex): TableCopy {
  const region = index.prop(r, 'Region');
  const where = region.k === 'lit' ? V.str(region) : V.show(region);
  return {
    name: `replica ${where} of table ${table.logicalId} (${DYNAMODB_CDK_REPLICA} ${r.logicalId}: created with its region alone, none of the table's point-in-time recovery, deletion protection, resource policies or key carried over)`,
    base: r.logicalId,
    at: () => ({ k: 'absent' }),
    value: { k: 'lit', v: {} },
  };
}

/** The verdicts of the copies as one (the worst, see `combine`); a single copy's verdict as it is. @internal */
export function acrossCopies(verdicts: Verdict[]): Verdict {
  return verdicts.length === 1 ? verdicts[0] : combine(verdicts);
}
