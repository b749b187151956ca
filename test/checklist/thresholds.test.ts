import { Thresholds, ThresholdDirection } from '../../lib';

describe('Thresholds', () => {
  test('defaults are the catalog values', () => {
    const t = Thresholds.DEFAULTS;
    expect([t.backupRetentionDays, t.errorRatePercent, t.latencyP95Ms, t.latencyP99Ms, t.dbConnectionsPercent, t.memoryPercent, t.diskPercent, t.cpuPercent, t.certificateExpiryDays, t.secretLengthChars, t.rateLimitPerMinute])
      .toEqual([30, 1, 500, 1000, 90, 85, 80, 80, 30, 32, 100]);
  });

  test('a threshold may be tightened', () => {
    const t = Thresholds.of({ backupRetentionDays: 35, errorRatePercent: 0.5 });
    expect(t.backupRetentionDays).toBe(35);
    expect(t.errorRatePercent).toBe(0.5);
    expect(t.meets('backupRetentionDays', 34)).toBe(false);
    expect(t.meets('errorRatePercent', 0.5)).toBe(true);
    expect(t.meets('errorRatePercent', 1)).toBe(false);
  });

  test('a looser threshold is refused, naming it', () => {
    expect(() => Thresholds.of({ backupRetentionDays: 7 })).toThrow(/backupRetentionDays.*looser.*30/);
    expect(() => Thresholds.of({ errorRatePercent: 5 })).toThrow(/errorRatePercent.*at most 1/);
  });

  test('bad values and unknown keys are refused', () => {
    expect(() => Thresholds.of({ cpuPercent: -1 })).toThrow(/positive number/);
    expect(() => Thresholds.of({ cpuPercent: NaN })).toThrow(/positive number/);
    expect(() => Thresholds.of({ nope: 1 } as any)).toThrow(/unknown threshold/);
    expect(() => Thresholds.DEFAULTS.get('nope')).toThrow(/unknown threshold/);
  });

  test('every spec has a direction and a unit', () => {
    for (const s of Thresholds.specs()) {
      expect(Object.values(ThresholdDirection)).toContain(s.direction);
      expect(s.unit).not.toBe('');
    }
  });
});
