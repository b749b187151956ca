import { weakCsp } from '../../../lib/checklist/policy/csp';
import { REQUIRED_MANAGED_RULE_GROUPS, isNonBlockingAction, managedGroupWeakness } from '../../../lib/checklist/policy/waf';

describe('CSP strength', () => {
  test.each([
    ["default-src 'self'", true],
    ["default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests", true],
    ['default-src *', false],
    ["default-src 'self'; script-src *", false],
    ["script-src https:; default-src 'self'", false],
    ["default-src 'self' 'unsafe-inline'", false],
    ["default-src 'self' 'unsafe-inline' 'nonce-abc'", true],
    ["frame-ancestors 'none'", false],
    ['', false],
  ] as [string, boolean][])('%s → strong %s', (csp, strong) => expect(weakCsp(csp) === undefined).toBe(strong));

  test('the reason names the open source', () => {
    expect(weakCsp('default-src *')).toMatch(/default-src allows \*/);
  });
});

describe('WAF managed rule groups', () => {
  const blocking = { overrideToCount: false, ruleActionOverrides: [], excludedRules: [] };
  test('the three groups every web ACL runs', () => {
    expect(REQUIRED_MANAGED_RULE_GROUPS).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet']);
  });
  test('a group run as AWS wrote it protects', () => expect(managedGroupWeakness(blocking)).toBeUndefined());
  test('a group overridden to count does not protect', () => {
    expect(managedGroupWeakness({ ...blocking, overrideToCount: true })).toMatch(/count mode only/);
  });
  test('rules overridden to count or allow, or excluded, do not protect', () => {
    expect(managedGroupWeakness({ ...blocking, ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actions: ['Count'] }] })).toMatch(/SizeRestrictions_BODY/);
    expect(managedGroupWeakness({ ...blocking, ruleActionOverrides: [{ name: 'NoUserAgent_HEADER', actions: ['allow'] }] })).toMatch(/NoUserAgent_HEADER/);
    expect(managedGroupWeakness({ ...blocking, excludedRules: ['CrossSiteScripting_BODY'] })).toMatch(/CrossSiteScripting_BODY/);
  });
  test('rules overridden to block still protect', () => {
    expect(managedGroupWeakness({ ...blocking, ruleActionOverrides: [{ name: 'X', actions: ['Block'] }] })).toBeUndefined();
    expect(isNonBlockingAction('COUNT')).toBe(true);
    expect(isNonBlockingAction('Block')).toBe(false);
  });
  test('rules overridden to captcha or challenge do not: a client that solves them is let through (they were taken as blocking)', () => {
    expect(managedGroupWeakness({ ...blocking, ruleActionOverrides: [{ name: 'SQLi_BODY', actions: ['Captcha'] }] })).toMatch(/captcha or challenge: SQLi_BODY/);
    expect(managedGroupWeakness({ ...blocking, ruleActionOverrides: [{ name: 'GenericRFI_BODY', actions: ['Challenge'] }] })).toMatch(/GenericRFI_BODY/);
    expect(isNonBlockingAction('challenge')).toBe(true);
  });
});
