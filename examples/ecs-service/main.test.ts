import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { ChecklistReport, ItemStatus } from '../../lib';
import { buildApp, IMAGE } from './main';

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

describe('examples/ecs-service', () => {
  // One synth, as `cdk synth` runs it: the GoLiveChecks plugin judges the template.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-ecs-service-'));
  const { app, stack, checks } = buildApp({ outdir }, { printSummary: false });
  // Quiet the CDK's own CloudFormation-Validate warnings (hard-coded zones, written down on purpose).
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    quiet.mockRestore();
  }
  const report = checks.lastReport as ChecklistReport;
  const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${stack.artifactId}.template.json`), 'utf8')));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes with GoLiveChecks: no violation, nothing unknown', () => {
    expect(report.violations()).toEqual([]);
    expect(report.unknowns()).toEqual([]);
    expect(report.exitCode()).toBe(0);
    expect(report.items.filter((i) => i.status === ItemStatus.VIOLATED)).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'golive-report.md'))).toBe(true);
  });

  test('README.md states the count of satisfied items this synth reports', () => {
    const readme = fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    expect(Number(/The synth ends with (\d+) items satisfied/.exec(readme)?.[1])).toBe(report.counts().total.satisfied);
  });

  test('the service, data and release items are satisfied', () => {
    for (const id of [
      'DEPLOY-PROGRESSIVE', 'DEPLOY-CANARY-ROLLBACK', 'DEPLOY-ZERO-DOWNTIME', 'DEPLOY-IMMUTABLE-ARTIFACTS', 'SCALING-MIN-CAPACITY', 'COMPUTE-HARDENED',
      'DB-MULTI-AZ', 'DB-NOT-PUBLIC', 'DB-BACKUP-RETENTION', 'BACKUP-CROSS-REGION-COPY', 'CACHE-TLS-IN-TRANSIT', 'SECRETS-NO-PLAINTEXT', 'HA-MULTI-AZ',
    ]) {
      expect([id, report.statusOf(id)]).toEqual([id, ItemStatus.SATISFIED]);
    }
  });

  test('ECS releases by canary (10 % for 10 minutes), stops on alarm and rolls back', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 3,
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: {
        Strategy: 'CANARY',
        CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 10 },
        Alarms: { Enable: true, Rollback: true, AlarmNames: Match.anyValue() },
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 12 });
  });

  test('the container is pinned, non-root and read-only, with its secrets from Secrets Manager', () => {
    const task = template.toJSON().Resources[logicalId(stack.web.taskDefinition!)].Properties;
    const app = task.ContainerDefinitions.find((c: { Name: string }) => c.Name === 'app');
    expect(app).toMatchObject({ Image: IMAGE, User: '1000:1000', ReadonlyRootFilesystem: true, Privileged: false });
    expect(app.Secrets.map((s: { Name: string }) => s.Name).sort()).toEqual(['REDIS_PASSWORD', 'REDIS_USERNAME', 'SESSION_SECRET']);
    expect(app.Environment).toEqual(expect.arrayContaining([
      { Name: 'ENVIRONMENT', Value: 'production' },
      { Name: 'DEBUG', Value: 'false' },
      { Name: 'DATABASE_NAME', Value: 'orders' },
      { Name: 'DATABASE_USER', Value: 'orders_web' },
    ]));
  });

  test('the database is RDS for PostgreSQL, Multi-AZ, private, encrypted, protected, its backups copied to another region', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres', MultiAZ: true, PubliclyAccessible: false, StorageEncrypted: true, DeletionProtection: true, BackupRetentionPeriod: 30,
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ CopyActions: [Match.objectLike({ DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:orders-dr' })] })]) },
    });
  });
});
