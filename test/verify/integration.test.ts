/* eslint-disable @typescript-eslint/no-explicit-any */
import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';
import { Moto, startMoto } from './moto';
import { seed, STACK } from './moto-seed';

/**
 * `cdk-golive verify` end to end over HTTP against moto_server (moto 5.2.1): a
 * seeded stack, no credentials (dummy keys in this process only), the SDK
 * pointed at the emulator by AWS_ENDPOINT_URL. What moto does not serve
 * (backup jobs, composite alarms, unhealthy targets, CodeDeploy status,
 * percentiles) is covered by the client mocks of verifiers.test.ts.
 */
jest.setTimeout(120_000);

const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL'];
let saved: Record<string, string | undefined>;
let moto: Moto;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

beforeAll(async () => {
  saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  moto = await startMoto();
  for (const k of ENV) delete process.env[k];
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: moto.endpoint });
  await seed(new Date());
});

afterAll(async () => {
  for (const k of ENV) {
    if (saved?.[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await moto?.stop();
});

describe('cdk-golive verify against moto_server', () => {
  let report: any;
  let outDir: string;
  let code: number;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-verify-'));
    const r = await cli(['verify', '--stack', STACK, '--window', '1h', '--format', 'json', '--out', outDir]);
    code = r.code;
    report = JSON.parse(r.out);
  });

  const verdict = (ruleId: string, resource: string) => {
    const f = report.findings.filter((x: any) => x.ruleId === ruleId && x.resource === resource);
    expect(f).toHaveLength(1);
    return f[0];
  };

  test('exit 1: the API function fails its error rate, an alarm fires, the WAF is missing', () => {
    expect(code).toBe(1);
  });

  test('traffic: ratios computed from GetMetricData sums, peaks from 5-minute datapoints', () => {
    expect(verdict('LiveErrorRate', 'Lb')).toMatchObject({ status: 'pass', value: '0.3 % (12 of 4000)', stack: STACK, resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', constructPath: 'GoLiveShop/Endpoint/Lb/Resource' });
    expect(verdict('LiveErrorRate', 'Api')).toMatchObject({ status: 'fail', value: '3 % (30 of 1000)' });
    expect(report.findings.filter((f: any) => f.ruleId === 'LiveErrorRate' && f.resource === 'Worker')).toEqual([]); // idle
    expect(verdict('LiveLatency', 'Lb')).toMatchObject({ status: 'unknown' }); // moto computes no percentiles
    expect(verdict('LiveCpu', 'Db')).toMatchObject({ status: 'pass', value: '41 %' });
    expect(verdict('LiveMemory', 'Db')).toMatchObject({ status: 'pass', value: '50 % (0.5 GiB free of 1 GiB)' });
    expect(verdict('LiveDisk', 'Db')).toMatchObject({ status: 'pass', value: '70 % (6 GiB free of 20 GiB)' });
    expect(verdict('LiveDbConnections', 'Db')).toMatchObject({ status: 'pass', value: '60 % (120 of 200, parameter group shop-params)' });
  });

  test('alarms, targets, certificate, DNS, WAF, stack, secret and logs', () => {
    expect(verdict('LiveAlarmsArmed', 'Errors').status).toBe('pass');
    expect(verdict('LiveAlarmsArmed', 'Silent').status).toBe('fail');
    expect(verdict('LiveAlarmsArmed', 'Unheard')).toMatchObject({ status: 'fail', message: expect.stringMatching(/topic arn:aws:sns:eu-west-1:123456789012:nobody, which has no confirmed subscription/) });
    expect(verdict('LiveAlarmsQuiet', 'Errors')).toMatchObject({ status: 'fail', message: expect.stringContaining('is in ALARM') });
    expect(verdict('LiveTargetsHealthy', 'Tg')).toMatchObject({ status: 'pass', value: '2 healthy of 2' });
    expect(verdict('LiveCertificates', 'Lb')).toMatchObject({ status: 'pass', value: expect.stringMatching(/^ISSUED, in use by 1, expires/) });
    expect(verdict('LiveDnsRecord', 'Www')).toMatchObject({ status: 'pass', message: 'www.shop.example.com targets load balancer shop' });
    expect(verdict('LiveDnsRecord', 'Stale')).toMatchObject({ status: 'fail', value: 'legacy.example.net' });
    expect(verdict('LiveWafAssociated', 'Lb').status).toBe('fail');
    expect(verdict('LiveDeploymentSucceeded', STACK)).toMatchObject({ status: 'pass', value: 'CREATE_COMPLETE' });
    expect(verdict('LiveSecretRotation', 'DbSecret').status).toBe('pass');
    expect(verdict('LiveLogsFlowing', 'AppLogs')).toMatchObject({ status: 'pass', message: expect.stringContaining('/golive/shop (function Api)') });
    // moto serves no AWS Backup jobs: unknown, never a pass
    expect(verdict('LiveBackupJobs', 'Db').status).toBe('unknown');
  });

  test('the report: live items with measured evidence; SARIF valid; reports written', () => {
    const item = (id: string) => report.items.find((i: any) => i.id === id);
    expect(item('LIVE-ERROR-RATE')).toMatchObject({ evidenceKind: 'live', status: 'violated' });
    expect(item('LIVE-DB-CONNECTIONS')).toMatchObject({ status: 'satisfied', evidence: [expect.objectContaining({ kind: 'live', resource: 'Db', observedAt: expect.any(String) })] });
    expect(item('LIVE-BACKUP-JOBS').status).toBe('unknown');
    expect(report.items.every((i: any) => i.evidenceKind === 'live')).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, 'golive-report.sarif'), 'utf8'))).toBeValidSarifLog();
    expect(fs.readFileSync(path.join(outDir, 'golive-report.md'), 'utf8')).toMatch(/\| violated \| \*\*LIVE-ERROR-RATE\*\*/);
  });

  test('the summary names the violations; a tightened threshold turns a pass into a fail', async () => {
    const r = await cli(['verify', '--stack', STACK, '--out', outDir, '--threshold', 'dbConnectionsPercent=50']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^cdk-golive checklist/);
    expect(r.out).toMatch(/LiveDbConnections GoLiveShop\/Db: database connections peaked at 60 % > 50 %.*\[checklist: LIVE-DB-CONNECTIONS\]/);
  });

  test('with --app the live findings merge with the static findings of the same app', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-app-'));
    fs.writeFileSync(path.join(app, 'GoLiveShop.template.json'), JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } } } }));
    const r = await cli(['verify', '--stack', STACK, '--app', app, '--format', 'json', '--out', outDir]);
    const merged = JSON.parse(r.out);
    expect(merged.items.find((i: any) => i.id === 'KMS-KEY-ROTATION')).toMatchObject({ evidenceKind: 'rule', status: 'satisfied' });
    expect(merged.items.find((i: any) => i.id === 'LIVE-ERROR-RATE')).toMatchObject({ evidenceKind: 'live', status: 'violated' });
    expect(merged.items.find((i: any) => i.id === 'SIGNOFF-SECURITY-LEAD')).toMatchObject({ status: 'pending' });
    expect(merged.findings.find((f: any) => f.ruleId === 'LiveErrorRate' && f.resource === 'Api').file).toBe(path.join(app, 'GoLiveShop.template.json'));
  });

  test('bad input is exit 2 with one line', async () => {
    const missing = await cli(['verify', '--stack', 'NoSuchStack', '--out', outDir]);
    expect(missing).toMatchObject({ code: 2, err: "cdk-golive: stack 'NoSuchStack' does not exist (check --stack and --region)\n" });
    expect(await cli(['verify', '--out', outDir])).toMatchObject({ code: 2, err: 'cdk-golive: verify needs --stack <name> (the deployed CloudFormation stack)\n' });
    expect(await cli(['verify', '--stack', STACK, '--window', 'soon'])).toMatchObject({ code: 2, err: 'cdk-golive: --window takes a duration such as 30m, 1h or 7d (got soon)\n' });
    expect(await cli(['verify', '--stack', STACK, '--threshold', 'cpuPercent=95'])).toMatchObject({ code: 2, err: expect.stringMatching(/^cdk-golive: Thresholds: 'cpuPercent' = 95 percent is looser/) });
  });
});
