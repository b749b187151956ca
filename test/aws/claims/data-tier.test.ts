/**
 * What the data-tier constructs claim, GoLiveChecks concludes: Aurora and RDS
 * for PostgreSQL, each with and without a ProductionCache, with an AppSecret
 * and a BackupPlan: every claimed item is `satisfied` (`pending`, `unknown` or
 * `violated` fail the test, naming the item and why).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AppSecret } from '../../../lib/aws/app-secret';
import { BackupPlan } from '../../../lib/aws/backup-plan';
import { ProductionCache } from '../../../lib/aws/production-cache';
import { DatabaseFlavor, ProductionDatabase } from '../../../lib/aws/production-database';
import { checkClaims } from './harness';

const env = { account: '111111111111', region: 'eu-west-1' };

function dataTier(flavor: DatabaseFlavor, withCache: boolean, readers?: number, instanceType?: ec2.InstanceType): App {
  const app = new App();
  const stack = new Stack(app, 'DataTier', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const plan = new BackupPlan(stack, 'Backups', { copyToVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr' });
  new ProductionDatabase(stack, 'Db', { vpc, flavor, backupPlan: plan, readers, instanceType });
  new AppSecret(stack, 'JwtSigningKey', { length: 64 });
  if (withCache) new ProductionCache(stack, 'Cache', { vpc });
  return app;
}

describe.each([
  ['Aurora PostgreSQL', DatabaseFlavor.AURORA_POSTGRESQL, false, undefined],
  ['Aurora PostgreSQL with ProductionCache', DatabaseFlavor.AURORA_POSTGRESQL, true, undefined],
  ['Aurora PostgreSQL with two readers', DatabaseFlavor.AURORA_POSTGRESQL, false, 2],
  ['RDS for PostgreSQL', DatabaseFlavor.RDS_POSTGRESQL, false, undefined],
  ['RDS for PostgreSQL with ProductionCache', DatabaseFlavor.RDS_POSTGRESQL, true, undefined],
  ['RDS for PostgreSQL with a read replica', DatabaseFlavor.RDS_POSTGRESQL, false, 1],
])('data tier: %s, AppSecret, BackupPlan', (_name, flavor, withCache, readers) => {
  test('every item the constructs claim is satisfied', () => {
    const { problems, claimed } = checkClaims(dataTier(flavor, withCache, readers));
    expect(claimed.size).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});

// The two memory tables used to disagree on these classes: the construct claimed ALARM-DB-CONNECTIONS, the checks said unknown.
describe.each(['r6gd.large', 'x2g.large'])('data tier: Aurora PostgreSQL on db.%s', (cls) => {
  test('every item the constructs claim is satisfied, ALARM-DB-CONNECTIONS and ALARM-MEMORY included', () => {
    const { problems, claimed } = checkClaims(dataTier(DatabaseFlavor.AURORA_POSTGRESQL, false, undefined, new ec2.InstanceType(cls)));
    expect([...claimed.keys()]).toEqual(expect.arrayContaining(['ALARM-DB-CONNECTIONS', 'ALARM-MEMORY']));
    expect(problems).toEqual([]);
  });
});
