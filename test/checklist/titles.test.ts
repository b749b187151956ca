import { Catalog, itemTitle } from '../../lib/checklist/catalog';
import { THRESHOLD_SPECS, Thresholds } from '../../lib/checklist/thresholds';
import { ThresholdDirection } from '../../lib/checklist/types';
import { GoLiveChecks } from '../../lib/checks/golive-checks';

/** A value stricter than the default, and fit to be shown. */
function tightened(key: string): number {
  const spec = THRESHOLD_SPECS.find((s) => s.key === key)!;
  return spec.direction === ThresholdDirection.HIGHER_IS_STRICTER ? spec.value * 2 + 1 : spec.value / 2;
}

/** How a default value reads in a title: the number, or whole years for a retention of 365 days. */
function shows(title: string, value: number): boolean {
  return new RegExp(`(^|[^0-9.])${String(value).replace('.', '\\.')}([^0-9]|$)`).test(title) || (value === 365 && /\b1 year\b/.test(title));
}

describe('item titles show the thresholds in force', () => {
  test('a tightened threshold never leaves the default number in the title', () => {
    const checked: string[] = [];
    for (const item of Catalog.items()) {
      for (const key of item.thresholds) {
        const spec = THRESHOLD_SPECS.find((s) => s.key === key)!;
        if (!shows(item.title, spec.value)) continue; // the title does not state this threshold
        const value = tightened(key);
        const t = Thresholds.of({ [key]: value });
        const title = itemTitle(item.id, (k) => t.get(k));
        expect(`${item.id}: ${title}`).not.toBe(`${item.id}: ${item.title}`);
        expect(shows(title, value)).toBe(true);
        checked.push(`${item.id}/${key}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['DB-BACKUP-RETENTION/backupRetentionDays', 'BACKUP-PLAN/monthlyBackupRetentionDays', 'ALARM-CPU/cpuPercent', 'AUDIT-LOGGING/auditLogRetentionDays']));
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });

  test('the catalog keeps the defaults; a retention in whole years reads as years', () => {
    expect(Catalog.item('DB-BACKUP-RETENTION').title).toBe('Automated backups kept at least 30 days, with point-in-time restore');
    expect(Catalog.item('BACKUP-PLAN').title).toBe('Data stores in an AWS Backup plan (daily >= 35 days, monthly 1 year)');
    expect(itemTitle('BACKUP-PLAN', (k) => Thresholds.of({ monthlyBackupRetentionDays: 730 }).get(k))).toMatch(/monthly 2 years\)$/);
    expect(itemTitle('BACKUP-PLAN', (k) => Thresholds.of({ monthlyBackupRetentionDays: 400 }).get(k))).toMatch(/monthly 400 days\)$/);
  });

  test('every report shows the tightened number: summary text, JSON, Markdown', () => {
    const checks = new GoLiveChecks({ thresholds: { backupRetentionDays: 35 }, items: ['DB-BACKUP-RETENTION'] });
    const report = checks.checkTemplate({ Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { BackupRetentionPeriod: 35, Engine: 'postgres' } } } });
    const item = report.items.find((i) => i.id === 'DB-BACKUP-RETENTION')!;
    expect(item.title).toBe('Automated backups kept at least 35 days, with point-in-time restore');
    expect(JSON.stringify(report.toJson())).toMatch(/kept at least 35 days/);
    expect(report.toMarkdown()).toMatch(/\*\*DB-BACKUP-RETENTION\*\* Automated backups kept at least 35 days/);
    expect(report.toMarkdown()).not.toMatch(/kept at least 30 days/);
  });
});
