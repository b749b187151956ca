/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ALARM-CPU, ALARM-MEMORY, ALARM-DISK and DASHBOARD-INFRASTRUCTURE read OpenSearch Service (and legacy Elasticsearch)
 * domains: before, their rules read the RDS, DocumentDB and Neptune namespaces only, so a domain was "a database no rule
 * reads" for those items, which stayed unknown whatever alarms the app had, and no verdict said a domain had no alarm.
 * A domain is judged on AWS/ES (both domain types publish there) by `ClientId` (the account) and `DomainName` (`!Ref`,
 * or the DomainName it is given; CloudFormation generates it otherwise): CPUUtilization at or below cpuPercent,
 * JVMMemoryPressure at or below memoryPercent, FreeStorageSpace (MiB, per data node) at or above (100 - diskPercent) %
 * of each node's EBS volume, the worst of two or more data nodes (Maximum / Minimum, `spreadOver`); an alarm on one node
 * (NodeId) fails. The dashboard shows CPU, JVM memory pressure and free storage in AWS/ES.
 */
import { GoLiveChecks } from '../../../lib';
import { ruleReads } from '../../../lib/checks/golive-checks';
import { NOT_ABOUT, RESOURCE_KINDS, unreadFor } from '../../../lib/checks/kinds';
import { checks, findingsOn, oneFindingOn } from './judged';

const on = findingsOn;
const one = oneFindingOn;
const DOMAINS = ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'];

const dims = (domain: any = { Ref: 'Search' }, client: any = { Ref: 'AWS::AccountId' }) => [{ Name: 'ClientId', Value: client }, { Name: 'DomainName', Value: domain }];
/** A single-metric AWS/ES alarm on the domain, notifying `Topic`. */
function alarm(metric: string, props: Record<string, unknown> = {}): any {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: 'AWS/ES', MetricName: metric, Dimensions: dims(), Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold', Threshold: 80, AlarmActions: [{ Ref: 'Topic' }], ...props,
    },
  };
}
const cpu = (props: Record<string, unknown> = {}) => alarm('CPUUtilization', props);
const jvm = (props: Record<string, unknown> = {}) => alarm('JVMMemoryPressure', { Threshold: 85, ...props });
/** 20 % of the 100-GiB volume: 20480 MiB. */
const storage = (props: Record<string, unknown> = {}) => alarm('FreeStorageSpace', { Statistic: 'Minimum', ComparisonOperator: 'LessThanThreshold', Threshold: 20480, ...props });

/** A dashboard with one AWS/ES row per metric on the domain (ClientId, DomainName written as given). */
function dashboard(metrics: string[], ns = 'AWS/ES', domain = '${Search}', client = '${AWS::AccountId}'): any {
  const rows = metrics.map((m) => `["${ns}","${m}","ClientId","${client}","DomainName","${domain}"]`).join(',');
  return { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Sub': `{"widgets":[{"type":"metric","properties":{"region":"\${AWS::Region}","stat":"Maximum","metrics":[${rows}]}}]}` } } };
}
const ROWS = ['CPUUtilization', 'JVMMemoryPressure', 'FreeStorageSpace'];

/** A VPC domain of two data nodes with 100-GiB EBS volumes (no DomainName: CloudFormation generates it), and `extra`. */
function domain(extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}, type = DOMAINS[0]): any {
  const cc = type === DOMAINS[0] ? 'ClusterConfig' : 'ElasticsearchClusterConfig';
  return {
    Parameters: { Stat: { Type: 'String' }, Nodes: { Type: 'Number', Default: 2 }, Gib: { Type: 'Number', Default: 100 } },
    Resources: {
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Search: {
        Type: type, DeletionPolicy: 'Retain',
        Properties: { [cc]: { InstanceType: 'r6g.large.search', InstanceCount: 2 }, EBSOptions: { EBSEnabled: true, VolumeSize: 100, VolumeType: 'gp3' }, ...props },
      },
      ...extra,
    },
  };
}
const ALARMS = ['AlarmCpu', 'AlarmMemory', 'AlarmDisk', 'DashboardInfrastructure'];
const ITEMS = ['ALARM-CPU', 'ALARM-MEMORY', 'ALARM-DISK', 'DASHBOARD-INFRASTRUCTURE'];

describe('the table of kinds: the alarm and dashboard items read OpenSearch domains', () => {
  test('no domain type is left unread by the four items; they stay unread (not set aside) for DB-BACKUP-RETENTION and DB-LOG-EXPORTS', () => {
    const reads = ruleReads();
    const kind = RESOURCE_KINDS.find((k) => k.name === 'a database')!;
    const left = (item: string) => unreadFor(item, [kind], new Set(reads.filter((r) => r.items.includes(item)).flatMap((r) => r.types)))
      .map((u) => u.type).filter((t) => DOMAINS.includes(t));
    for (const i of ITEMS) expect([i, left(i)]).toEqual([i, []]);
    for (const i of ['DB-BACKUP-RETENTION', 'DB-LOG-EXPORTS']) {
      expect([i, left(i)]).toEqual([i, DOMAINS]);
      expect([i, DOMAINS.map((t) => NOT_ABOUT[i]?.[t])]).toEqual([i, [undefined, undefined]]);
    }
    expect(kind.unread).toEqual(expect.arrayContaining(DOMAINS));
  });

  test('a domain with its alarms and dashboard satisfies the four items (were unknown: a database no rule read)', () => {
    const t = domain({ Cpu: cpu(), Jvm: jvm(), Free: storage(), Dash: dashboard(ROWS) });
    const report = new GoLiveChecks({ items: ITEMS, printSummary: false, writeReports: false }).checkTemplate(t, 'T', { region: 'eu-west-1', account: '111111111111' });
    expect(ITEMS.map((i) => report.statusOf(i))).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
    expect(on(t, 'Search', ALARMS).map((f) => f.split(':')[0])).toEqual(['AlarmMemory pass', 'AlarmDisk pass', 'AlarmCpu pass', 'DashboardInfrastructure pass']);
  });
});

describe('OpenSearch alarms', () => {
  test.each(DOMAINS.map((t) => [t]))('%s without alarms or dashboard: each rule fails on the domain (was no finding)', (type) => {
    const t = domain({}, {}, type);
    expect(one(t, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Search/);
    expect(one(t, 'Search', 'AlarmMemory')).toMatch(/^AlarmMemory fail: no JVMMemoryPressure alarm watches Search/);
    expect(one(t, 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk fail: no FreeStorageSpace alarm watches Search/);
    expect(one(t, 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: no dashboard shows Search/);
  });

  test('the Maximum (Minimum for free storage) over the data nodes passes, with ClientId !Ref AWS::AccountId and DomainName !Ref', () => {
    const t = domain({ Cpu: cpu(), Jvm: jvm(), Free: storage() });
    expect(one(t, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu pass: CPU: alarm Cpu fires above 80 %/);
    expect(one(t, 'Search', 'AlarmMemory')).toMatch(/^AlarmMemory pass: JVM memory pressure: alarm Jvm fires above 85 %/);
    expect(one(t, 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk pass: free storage per data node \(20 % of 100 GiB\): alarm Free fires below 20480 MiB/);
  });

  test('an alarm without ClientId (DomainName alone) has no data: fail', () => {
    const t = domain({ Cpu: cpu({ Dimensions: [{ Name: 'DomainName', Value: { Ref: 'Search' } }] }) });
    expect(one(t, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm Cpu watches nothing of Search: AWS publishes AWS\/ES CPUUtilization per ClientId \+ DomainName or ClientId \+ DomainName \+ NodeId/);
  });

  test('ClientId: another account fails; the stack\'s account written out passes; a literal while the account is not known is unknown', () => {
    expect(one(domain({ Cpu: cpu({ Dimensions: dims(undefined, '222222222222') }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: .*dimension ClientId is account 222222222222, not this stack's account 111111111111/);
    expect(one(domain({ Cpu: cpu({ Dimensions: dims(undefined, '111111111111') }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu pass:/);
    const alone = checks.checkTemplate(domain({ Cpu: cpu({ Dimensions: dims(undefined, '111111111111') }) }), 'T').findings.filter((f) => f.resource === 'Search' && f.ruleId === 'AlarmCpu');
    expect(alone.map((f) => `${f.status}: ${f.message}`)).toEqual([expect.stringMatching(/^unknown: .*whether dimension ClientId \(111111111111\) is the account of domain Search/)]);
  });

  test('DomainName: the domain\'s Arn names nothing; a name written out for a domain whose name CloudFormation generates fails; its given DomainName passes', () => {
    expect(one(domain({ Cpu: cpu({ Dimensions: dims({ 'Fn::GetAtt': ['Search', 'Arn'] }) }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: .*dimension DomainName is .*Search.*Arn/);
        const named = domain({ Cpu: cpu({ Dimensions: dims('orders') }) }, { DomainName: 'orders' });
    expect(one(named, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu pass: CPU: alarm Cpu/);
    // Without a DomainName, CloudFormation generates the name: a name written out is no name of it, even from an alarm that references it.
    const literal = domain({ Cpu: cpu({ Dimensions: dims('search'), AlarmDescription: { 'Fn::Sub': 'CPU of ${Search}' } }) });
    expect(one(literal, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Search/);
  });

  test('an alarm in AWS/RDS or on SysMemoryUtilization is no alarm of the domain: fail', () => {
    expect(one(domain({ Cpu: cpu({ Namespace: 'AWS/RDS' }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: no CPUUtilization alarm watches Search/);
    expect(one(domain({ Mem: alarm('SysMemoryUtilization') }), 'Search', 'AlarmMemory')).toMatch(/^AlarmMemory fail: no JVMMemoryPressure alarm watches Search/);
  });

  test('the Average over two data nodes fails; over one node it passes; over a number of nodes from a parameter it is unknown', () => {
    expect(one(domain({ Cpu: cpu({ Statistic: 'Average' }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm Cpu reads the Average over the 2 data nodes of domain Search: one node at the limit hides behind the others; read Maximum/);
    expect(one(domain({ Free: storage({ Statistic: 'Average' }) }), 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk fail: .*reads the Average over the 2 data nodes of domain Search.*read Minimum/);
    expect(one(domain({ Cpu: cpu({ Statistic: 'Average' }) }, { ClusterConfig: { InstanceCount: 1 } }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu pass:/);
    expect(one(domain({ Cpu: cpu({ Statistic: 'Average' }) }, { ClusterConfig: { InstanceCount: { Ref: 'Nodes' } } }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu unknown: CPU: alarm Cpu reads the Average over the data nodes of domain Search \(InstanceCount/);
    expect(one(domain({ Cpu: cpu({ Statistic: { Ref: 'Stat' } }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu unknown: /);
  });

  test('an alarm on one node (NodeId) fails: the other nodes are not in its data, and a blue/green change replaces them', () => {
    const t = domain({ Cpu: cpu({ Dimensions: [...dims(), { Name: 'NodeId', Value: 'AbCdEfGhIjKlMnOpQrStUv' }] }) });
    expect(one(t, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: .*dimension NodeId \(AbCdEfGhIjKlMnOpQrStUv\) reads one node of domain Search/);
  });

  test('thresholds: CPU above cpuPercent and JVM memory pressure above memoryPercent (AWS\'s 95 %) fail', () => {
    expect(one(domain({ Cpu: cpu({ Threshold: 90 }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm Cpu fires above 90 %, the limit is at most 80 %/);
    expect(one(domain({ Jvm: jvm({ Threshold: 95 }) }), 'Search', 'AlarmMemory')).toMatch(/^AlarmMemory fail: JVM memory pressure: alarm Jvm fires above 95 %, the limit is at most 85 %/);
  });

  test('free storage: below 20 % of each node\'s volume fails; a Unit other than Megabytes has no data; Megabytes passes', () => {
    expect(one(domain({ Free: storage({ Threshold: 10240 }) }), 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk fail: free storage per data node \(20 % of 100 GiB\): alarm Free fires below 10240 MiB, the limit is at least 20480 MiB/);
    expect(one(domain({ Free: storage({ Unit: 'Bytes' }) }), 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk fail: .*asks for AWS\/ES FreeStorageSpace in Bytes, but AWS publishes it in Megabytes/);
    expect(one(domain({ Free: storage({ Unit: 'Megabytes' }) }), 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk pass:/);
  });

  test('free storage: instance storage (no EBS) and a volume size from a parameter are unknown', () => {
    expect(one(domain({ Free: storage() }, { EBSOptions: { EBSEnabled: false } }), 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk unknown: the data nodes of Search use instance storage \(EBSEnabled false\), whose size follows the instance type \(r6g\.large\.search\)/);
    expect(one(domain({ Free: storage() }, { EBSOptions: { EBSEnabled: true, VolumeSize: { Ref: 'Gib' } } }), 'Search', 'AlarmDisk')).toMatch(/^AlarmDisk unknown: EBS volume size of Search decided at deploy time/);
  });

  test('the legacy Elasticsearch domain (ElasticsearchClusterConfig) is judged alike', () => {
    const t = domain({ Cpu: cpu({ Statistic: 'Average' }), Jvm: jvm(), Free: storage() }, {}, DOMAINS[1]);
    expect(one(t, 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu fail: CPU: alarm Cpu reads the Average over the 2 data nodes of domain Search/);
    expect(one(t, 'Search', 'AlarmMemory')).toMatch(/^AlarmMemory pass:/);
  });

  test('a 10-s Period (AWS/ES publishes once a minute) is unknown', () => {
    expect(one(domain({ Cpu: cpu({ Period: 10 }) }), 'Search', 'AlarmCpu')).toMatch(/^AlarmCpu unknown: CPU: alarm Cpu reads AWS\/ES CPUUtilization at a 10-s Period, but AWS publishes it once every 60 s/);
  });
});

describe('OpenSearch dashboard', () => {
  test('CPU, JVM memory pressure and free storage rows pass; a missing one fails, naming it', () => {
    expect(one(domain({ Dash: dashboard(ROWS) }), 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure pass: dashboard shows CPU, memory, storage of Search/);
    expect(one(domain({ Dash: dashboard(['CPUUtilization', 'FreeStorageSpace']) }), 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show memory of Search/);
  });

  test('rows in AWS/RDS, without ClientId, of another account or of the domain\'s Arn show nothing of it: fail', () => {
    expect(one(domain({ Dash: dashboard(ROWS, 'AWS/RDS') }), 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage of Search/);
    const noClient = { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Sub': `{"widgets":[{"type":"metric","properties":{"metrics":[${ROWS.map((m) => `["AWS/ES","${m}","DomainName","\${Search}"]`).join(',')}]}}]}` } } };
    expect(one(domain({ Dash: noClient }), 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage of Search/);
    expect(one(domain({ Dash: dashboard(ROWS, 'AWS/ES', '${Search}', '222222222222') }), 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage of Search/);
    expect(one(domain({ Dash: dashboard(ROWS, 'AWS/ES', '${Search.Arn}') }), 'Search', 'DashboardInfrastructure')).toMatch(/^DashboardInfrastructure fail: dashboard Dash does not show CPU, memory, storage of Search/);
  });

  test('rows with a literal account while the stack\'s account is not known: unknown', () => {
    const alone = checks.checkTemplate(domain({ Dash: dashboard(ROWS, 'AWS/ES', '${Search}', '111111111111') }), 'T').findings.filter((f) => f.resource === 'Search' && f.ruleId === 'DashboardInfrastructure');
    expect(alone.map((f) => `${f.status}: ${f.message}`)).toEqual([expect.stringMatching(/^unknown: whether the rows of Dash .* show Search is decided at deploy time/)]);
  });
});
