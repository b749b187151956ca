/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts found by running the checks on real third-party data-tier templates (hunt hfdata, 2026-12-05).
 * DB-CONNECTION-POOLING: an RDS Proxy requiring TLS passed whether or not it fronted a database; a public template
 * (an RDS Proxy blog post's database.yml) declares its DBProxyTargetGroup with a connection pool and no
 * DBInstanceIdentifiers / DBClusterIdentifiers, so the proxy pools no connection.
 */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

const bases = compliantBases();
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const PROXY = 'DbProxy8FB1B91A';
const GROUP = 'DbProxyProxyTargetGroup7F38655A';
const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): PatchOp => ({ op: 'delete', path });

/** `[status, message]` of RdsProxyRequiresTls on the proxy of the patched base. */
function proxy(patch: PatchOp[], base = 'database'): Array<[string, string]> {
  const report = checks.checkTemplate(applyPatch(bases.get(base), patch), base, { region: 'eu-west-1' });
  return report.findings.filter((f) => f.ruleId === 'RdsProxyRequiresTls' && (f.resource === PROXY || f.resource === GROUP)).map((f) => [f.status, f.message]);
}

describe('RdsProxyRequiresTls: the proxy fronts a database', () => {
  test('the bases pass, naming the target group', () => {
    expect(proxy([])).toEqual([['pass', expect.stringMatching(/fronts the database registered by target group DbProxyProxyTargetGroup7F38655A/)]]);
    expect(proxy([], 'database-rds')).toEqual([['pass', expect.stringMatching(/target group DbProxyProxyTargetGroup7F38655A/)]]);
  });

  test('a target group that registers no database fails', () => {
    expect(proxy([del(['Resources', GROUP, 'Properties', 'DBClusterIdentifiers'])])).toEqual([
      ['fail', expect.stringMatching(/fronts no database: its target group DbProxyProxyTargetGroup7F38655A registers no DBInstanceIdentifiers or DBClusterIdentifiers/)],
    ]);
    expect(proxy([set(['Resources', GROUP, 'Properties', 'DBClusterIdentifiers'], [])])).toEqual([['fail', expect.stringMatching(/fronts no database/)]]);
  });

  test('a target group naming the proxy by its literal name counts, for better or worse', () => {
    expect(proxy([set(['Resources', GROUP, 'Properties', 'DBProxyName'], 'Proxy')])).toEqual([['pass', expect.stringMatching(/target group/)]]);
    expect(proxy([set(['Resources', GROUP, 'Properties', 'DBProxyName'], 'Proxy'), del(['Resources', GROUP, 'Properties', 'DBClusterIdentifiers'])]))
      .toEqual([['fail', expect.stringMatching(/fronts no database/)]]);
  });

  test('no target group of the proxy in the template: another stack may register one, unknown', () => {
    expect(proxy([del(['Resources', GROUP])])).toEqual([['unknown', expect.stringMatching(/no DBProxyTargetGroup of this template registers a database with it/)]]);
    expect(proxy([set(['Resources', GROUP, 'Properties', 'DBProxyName'], 'other-proxy')])).toEqual([['unknown', expect.stringMatching(/no DBProxyTargetGroup/)]]);
  });

  test('targets or a proxy name decided at deploy time are unknown; a target group under a condition is judged per world', () => {
    const targets = [set(['Parameters', 'Clusters'], { Type: 'CommaDelimitedList' }), set(['Resources', GROUP, 'Properties', 'DBClusterIdentifiers'], { Ref: 'Clusters' })];
    expect(proxy(targets)).toEqual([['unknown', expect.stringMatching(/the targets of DbProxyProxyTargetGroup7F38655A are decided at deploy time/)]]);
    const name = [set(['Parameters', 'ProxyName'], { Type: 'String' }), set(['Resources', GROUP, 'Properties', 'DBProxyName'], { Ref: 'ProxyName' })];
    expect(proxy(name)).toEqual([['unknown', expect.stringMatching(/names a proxy decided at deploy time/)]]);
    const cond = [
      set(['Parameters', 'Pool'], { Type: 'String', AllowedValues: ['yes', 'no'] }),
      set(['Conditions', 'Pooled'], { 'Fn::Equals': [{ Ref: 'Pool' }, 'yes'] }),
      set(['Resources', GROUP, 'Condition'], 'Pooled'),
    ];
    expect(proxy(cond)).toEqual([['unknown', expect.stringMatching(/Pool/)]]);
  });

  test('RequireTLS off still fails whatever the targets', () => {
    expect(proxy([set(['Resources', PROXY, 'Properties', 'RequireTLS'], false), del(['Resources', GROUP])])).toEqual([['fail', expect.stringMatching(/RequireTLS is false/)]]);
  });
});

test('RdsProxyRequiresTls: a proxy named at deploy time may be the one a target group names literally: unknown', () => {
  const patch = [
    set(['Parameters', 'ProxyName'], { Type: 'String' }),
    set(['Resources', PROXY, 'Properties', 'DBProxyName'], { Ref: 'ProxyName' }),
    set(['Resources', GROUP, 'Properties', 'DBProxyName'], 'Proxy'),
    del(['Resources', GROUP, 'Properties', 'DBClusterIdentifiers']),
  ];
  expect(proxy(patch)).toEqual([['unknown', expect.stringMatching(/ProxyName/)]]);
});
