import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { DYNAMODB_TYPES } from '../../cfn/dynamodb';
import { inBackupPlan } from './rds-in-backup-plan';

/**
 * BACKUP-PLAN for DynamoDB: the table is selected by an AWS Backup plan with a daily rule kept at least
 * `dailyBackupRetentionDays` and a monthly rule kept at least `monthlyBackupRetentionDays`, read as RdsInBackupPlan
 * reads a database (`inBackupPlan`): the template's `AWS::Backup::BackupSelection`s by `Resources` ARN (a
 * table is `arn:<partition>:dynamodb:<region>:<account>:table/<name>`, its `Fn::GetAtt Arn`; a `Ref` is its name,
 * no ARN), wildcard, `ListOfTags` / `Conditions` against its tags (a global table's tags are per replica:
 * unknown when any replica has tags), minus `NotResources`; the plans' rules, Vault Locks and the selection's
 * IAM role as there (a role without AWSBackupServiceRolePolicyForBackup is unknown for a table: whether its own
 * statements cover DynamoDB's backup actions is not judged). A plan selects the table of its own region: a
 * global table's other replicas are copies of the same data.
 */
export const DynamoDbInBackupPlan: AwsRule = {
  id: 'DynamoDbInBackupPlan',
  items: ['BACKUP-PLAN'],
  types: DYNAMODB_TYPES,
  severity: Severity.HIGH,
  description: 'DynamoDB tables are selected by an AWS Backup plan with a daily rule (>= dailyBackupRetentionDays) and a monthly rule (>= monthlyBackupRetentionDays).',
  fix: 'Add the table to a backup plan (plan.addSelection(..., { resources: [BackupResource.fromDynamoDbTable(table)] })) with daily and monthly rules of sufficient retention.',
  check(res, { index, thresholds }) {
    return inBackupPlan(res, index, thresholds);
  },
};
