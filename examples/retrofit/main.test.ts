import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ChecklistReport, ItemStatus } from '../../lib';
import { buildApp } from './main';

/** The mistakes planted in main.ts, by the checklist item each violates. */
const PLANTED = [
  'DB-BACKUP-RETENTION', // backupRetention left at 1 day
  'DB-DELETION-PROTECTION', // deletionProtection left off
  'DB-NOT-PUBLIC', // publiclyAccessible: true
  'NET-PRIVATE-SUBNETS', // the database in public subnets
  'DB-ENCRYPTION-AT-REST', // storageEncrypted left at the CDK default (false)
  'EDGE-HTTPS-REDIRECT', // the HTTP listener forwards
  'EDGE-HTTPS-LISTENER', // the HTTPS listener accepts TLS 1.1
  'SECRETS-NO-PLAINTEXT', // DB_PASSWORD: 'hunter2'
  'CONFIG-DEBUG-OFF', // DEBUG: 'true'
  'ALARM-TOPIC-ENCRYPTED', // the alerts topic is not encrypted
  'ALARM-ACTIONS', // alarms without actions
  'LOG-RETENTION', // the function logs to the default /aws/lambda group (never expires)
  'LOG-ENCRYPTED', // no log group has a KMS key
  'NET-RESTRICTED-INGRESS', // 0.0.0.0/0 on 5432
];

/**
 * Every item the current rules find violated in the app: the planted mistakes,
 * and what a plain CDK app misses without anyone planting it (CDK defaults,
 * missing alarms, dashboards, WAF...). A new rule that flags more shows up here.
 */
const VIOLATED_TODAY = [
  'ALARM-ACTIONS', 'ALARM-CPU', 'ALARM-DB-CONNECTIONS', 'ALARM-DISK', 'ALARM-ERROR-RATE', 'ALARM-LATENCY-P95', 'ALARM-LATENCY-P99',
  'ALARM-MEMORY', 'ALARM-STANDARD-SET', 'ALARM-TOPIC-ENCRYPTED', 'BACKUP-PLAN', 'CONFIG-DEBUG-OFF', 'CONFIG-ENVIRONMENT-PRODUCTION',
  'CONFIG-LOG-LEVEL', 'DASHBOARD-BUSINESS', 'DASHBOARD-INFRASTRUCTURE', 'DASHBOARD-SERVICE', 'DB-BACKUP-RETENTION', 'DB-CREDENTIALS-MANAGED',
  'DB-DELETION-PROTECTION', 'DB-ENCRYPTION-AT-REST', 'DB-ENHANCED-MONITORING', 'DB-IAM-AUTH', 'DB-LOG-EXPORTS', 'DB-MULTI-AZ', 'DB-NOT-PUBLIC',
  'DB-PROVISIONED', 'DEPLOY-HEALTH-HOOKS', 'DEPLOY-PROGRESSIVE', 'EDGE-ACCESS-LOGS', 'EDGE-CERTIFICATE-EXPIRY-ALARM', 'EDGE-DROP-INVALID-HEADERS',
  'EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'EDGE-LB-DELETION-PROTECTION', 'HEADERS-CONTENT-TYPE-OPTIONS', 'HEADERS-CSP', 'HEADERS-FRAME-OPTIONS',
  'HEADERS-HSTS', 'HEALTH-ENDPOINT', 'HEALTH-EXTERNAL-PROBE', 'LOG-ARCHIVE', 'LOG-ENCRYPTED', 'LOG-ERROR-TRACKING', 'LOG-RETENTION', 'LOG-STRUCTURED',
  'LOG-TRACING', 'METRICS-APPLICATION', 'NET-FLOW-LOGS', 'NET-PRIVATE-SUBNETS', 'NET-RESTRICTED-INGRESS', 'SECRETS-MANAGED', 'SECRETS-NO-PLAINTEXT',
  'SECRETS-ROTATION', 'SECRETS-STRENGTH', 'WAF-WEB-ACL',
];

const WAF_REASON = 'AWS Firewall Manager associates the organization web ACL with every internet-facing ALB, outside this stack';

/** Synthesize the app into a temporary folder; the checks fail the synth and leave their report. */
function synthFailing(acknowledge?: (built: ReturnType<typeof buildApp>) => void) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-retrofit-'));
  const built = buildApp({ outdir });
  acknowledge?.(built);
  const stderr: string[] = [];
  const spies = [jest.spyOn(console, 'error'), jest.spyOn(console, 'log'), jest.spyOn(console, 'warn')]
    .map((s) => s.mockImplementation((...args: unknown[]) => { stderr.push(args.map(String).join(' ')); }));
  let error: Error | undefined;
  try {
    built.app.synth();
  } catch (e) {
    error = e as Error;
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  const report = built.checks.lastReport as ChecklistReport;
  return { ...built, outdir, error, report, output: stderr.join('\n') };
}

/** The logical id of an L2's CloudFormation resource, as findings name it. */
const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

const violatedItems = (report: ChecklistReport) => report.items.filter((i) => i.status === ItemStatus.VIOLATED).map((i) => i.id).sort();

describe('examples/retrofit', () => {
  const run = synthFailing();
  afterAll(() => fs.rmSync(run.outdir, { recursive: true, force: true }));

  test('synth with GoLiveChecks fails', () => {
    expect(run.error?.name).toBe('ValidationFailed');
    expect(run.error?.message).toContain('(GoLiveChecks)');
    expect(run.error?.message).toContain("Acknowledge with 'GoLiveChecks::RdsNotPublic'");
    expect(fs.existsSync(path.join(run.outdir, 'validation-report.json'))).toBe(true);
    expect(run.report).toBeDefined();
    expect(run.report.exitCode()).toBe(1);
  });

  test('every planted mistake is flagged', () => {
    expect(violatedItems(run.report)).toEqual(expect.arrayContaining(PLANTED));
  });

  test('the violated items are exactly those the current rules flag', () => {
    expect(violatedItems(run.report)).toEqual([...VIOLATED_TODAY].sort());
    expect(run.report.unknowns()).toEqual([]);
  });

  test('each planted mistake is traced to the resource and property that violates it', () => {
    const { stack } = run;
    const find = (ruleId: string) => run.report.violations().filter((f) => f.ruleId === ruleId);
    const one = (ruleId: string) => {
      const found = find(ruleId);
      expect(found).toHaveLength(1);
      return found[0];
    };
    const db = logicalId(stack.database);
    expect(one('RdsBackupRetention')).toMatchObject({ resource: db, property: 'Properties.BackupRetentionPeriod' });
    expect(one('RdsDeletionProtection')).toMatchObject({ resource: db, property: 'Properties.DeletionProtection' });
    expect(one('RdsNotPublic')).toMatchObject({ resource: db, property: 'Properties.PubliclyAccessible', value: 'true' });
    expect(one('RdsStorageEncrypted')).toMatchObject({ resource: db, message: 'storage is not encrypted' });
    expect(find('PrivateSubnets').map((f) => f.message)).toEqual(stack.vpc.publicSubnets.map((s) => expect.stringContaining(`subnet ${logicalId(s)} is public`)));
    expect(one('ElbHttpRedirect').message).toContain('serves traffic over plain HTTP');
    expect(one('ElbHttpsListener').message).toContain('ELBSecurityPolicy-TLS-1-1-2017-01');
    expect(one('SecretsNoPlaintext')).toMatchObject({ resource: logicalId(stack.handler), message: expect.stringContaining('DB_PASSWORD (a secret-looking name with a literal value)') });
    expect(one('ConfigDebugOff').message).toContain('DEBUG=true');
    expect(one('SecurityGroupRestrictedIngress')).toMatchObject({ resource: logicalId(stack.databaseSecurityGroup), value: '0.0.0.0/0 tcp 5432' });
    expect(one('AlarmTopicEncrypted')).toMatchObject({ resource: logicalId(stack.alerts), message: 'topic is not encrypted at rest' });
    expect(find('AlarmHasAction').map((f) => f.resource).sort()).toEqual([logicalId(stack.errorsAlarm), logicalId(stack.http5xxAlarm)].sort());
    expect(find('LogRetention').map((f) => f.resource).sort()).toEqual([logicalId(stack.appLogs), logicalId(stack.handler)].sort());
    expect(find('LogEncrypted').map((f) => f.resource).sort()).toEqual([logicalId(stack.appLogs), logicalId(stack.handler)].sort());
  });

  test('a log group without RetentionInDays (never expires) violates LOG-RETENTION: it has no retention policy', () => {
    const appLogs = run.report.findings.find((f) => f.ruleId === 'LogRetention' && f.resource === logicalId(run.stack.appLogs));
    expect(appLogs).toMatchObject({ status: 'fail', property: 'Properties.RetentionInDays', message: expect.stringContaining('no retention policy') });
  });

  test('prints the summary table and writes the reports into the cloud assembly', () => {
    expect(run.output).toContain('cdk-golive checklist');
    expect(run.output).toMatch(new RegExp(`TOTAL\\s+\\d+\\s+${VIOLATED_TODAY.length}\\s`));
    for (const f of ['golive-report.json', 'golive-report.md', 'golive-report.sarif']) expect(fs.existsSync(path.join(run.outdir, f))).toBe(true);
    const md = fs.readFileSync(path.join(run.outdir, 'golive-report.md'), 'utf8');
    expect(md).toContain('| violated | **DB-NOT-PUBLIC**');
    const sarif = JSON.parse(fs.readFileSync(path.join(run.outdir, 'golive-report.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('RdsNotPublic');
  });

  test('an acknowledgement, with its reason, turns an item from violated to acknowledged and is listed in the report', () => {
    const acked = synthFailing(({ stack }) => {
      Validations.of(stack.loadBalancer).acknowledge({ id: 'GoLiveChecks::WAF-WEB-ACL', reason: WAF_REASON });
    });
    try {
      expect(acked.report.statusOf('WAF-WEB-ACL')).toBe(ItemStatus.ACKNOWLEDGED);
      expect(acked.report.acknowledgements).toEqual([
        { id: 'GoLiveChecks::WAF-WEB-ACL', constructPath: 'Orders/LoadBalancer', reason: WAF_REASON, findings: 1 },
      ]);
      expect(acked.report.findings.find((f) => f.ruleId === 'WafWebAcl')).toMatchObject({ status: 'acknowledged', acknowledgedReason: WAF_REASON });
      expect(violatedItems(acked.report)).toEqual(VIOLATED_TODAY.filter((i) => i !== 'WAF-WEB-ACL').sort());
      // The other violations still fail the synth.
      expect(acked.error?.name).toBe('ValidationFailed');
      expect(fs.readFileSync(path.join(acked.outdir, 'golive-report.md'), 'utf8')).toContain(`| GoLiveChecks::WAF-WEB-ACL | Orders/LoadBalancer | ${WAF_REASON} | 1 |`);
    } finally {
      fs.rmSync(acked.outdir, { recursive: true, force: true });
    }
  });
});
