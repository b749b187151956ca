/**
 * WAF rule-group requirements (WAF-WEB-ACL): the AWS managed rule groups every
 * web ACL runs, and when a group, although present, does not protect.
 * @internal
 */

/** The AWS managed rule groups every web ACL must run, blocking (common, known bad inputs, SQL injection). @internal */
export const REQUIRED_MANAGED_RULE_GROUPS: readonly string[] = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/**
 * Rule actions that stop a managed rule from blocking: it only counts, lets the request through, or lets it
 * through once the client shows a solved CAPTCHA or challenge token (an attacker's browser, or a solving
 * service, gets one: the attack requests it would block then pass). @internal
 */
export const NON_BLOCKING_ACTIONS: readonly string[] = ['Count', 'Allow', 'Captcha', 'Challenge'];

/** How a web ACL runs one managed rule group, in plain values. @internal */
export interface ManagedGroupUse {
  /** The web ACL rule's OverrideAction is Count: the whole group only counts. */
  readonly overrideToCount: boolean;
  /** RuleActionOverrides: the rule name and the action keys of ActionToUse (`Count`, `Allow`, `Block`, ...). */
  readonly ruleActionOverrides: ReadonlyArray<{ readonly name: string; readonly actions: readonly string[] }>;
  /** ExcludedRules (the older way to switch rules to count). */
  readonly excludedRules: readonly string[];
}

/** Whether a rule action (the key of ActionToUse / OverrideAction, any case) does not block. @internal */
export function isNonBlockingAction(action: string): boolean {
  return NON_BLOCKING_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase());
}

/**
 * Why a managed rule group, although present in a web ACL, does not protect,
 * or undefined when it blocks as AWS wrote it: the whole group overridden to
 * count, or rules overridden to count, allow, captcha or challenge, or excluded.
 * @internal
 */
export function managedGroupWeakness(use: ManagedGroupUse): string | undefined {
  if (use.overrideToCount) return 'count mode only (OverrideAction Count)';
  const off = [
    ...use.ruleActionOverrides.filter((o) => o.actions.some(isNonBlockingAction)).map((o) => o.name),
    ...use.excludedRules,
  ];
  return off.length > 0 ? `rules overridden to count, allow, captcha or challenge: ${off.join(', ')}` : undefined;
}
