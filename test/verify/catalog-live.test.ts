import { main } from '../../lib/cli/main';

test('cdk-golive catalog --json lists the live items with evidence "live", each asked for by seed lines or the issue', () => {
  let out = '';
  expect(main(['catalog', '--json'], (s) => (out += s), () => undefined)).toBe(0);
  const j = JSON.parse(out);
  const live = j.items.filter((i: { evidence: string }) => i.evidence === 'live');
  expect(live.map((i: { id: string }) => i.id).sort()).toEqual([
    'LIVE-ALARMS-ARMED', 'LIVE-ALARMS-QUIET', 'LIVE-BACKUP-COPIES', 'LIVE-BACKUP-JOBS', 'LIVE-CERTIFICATES', 'LIVE-CPU',
    'LIVE-DB-CONNECTIONS', 'LIVE-DEPLOYMENT-SUCCEEDED', 'LIVE-DISK', 'LIVE-DNS-RECORD', 'LIVE-ERROR-RATE', 'LIVE-FAILOVER-DRILL',
    'LIVE-LATENCY', 'LIVE-LOGS-FLOWING', 'LIVE-MEMORY', 'LIVE-RESTORE-TESTS', 'LIVE-ROLLBACK-ARMED', 'LIVE-SECRET-ROTATION',
    'LIVE-TARGETS-HEALTHY', 'LIVE-WAF-ASSOCIATED',
  ]);
  const liveIds = new Set(live.map((i: { id: string }) => i.id));
  expect(j.seedMap.filter((m: { item: string }) => liveIds.has(m.item))).toHaveLength(69);
  expect(j.thresholds.find((t: { key: string }) => t.key === 'failoverDrillDays')).toMatchObject({ value: 90, unit: 'days', direction: 'lower-is-stricter' });
  let text = '';
  main(['catalog'], (s) => (text += s), () => undefined);
  expect(text).toMatch(/LIVE-FAILOVER-DRILL\s+live\s+Failover exercised within 90 days/);
  expect(text).toMatch(/20 live/);
});
