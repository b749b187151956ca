import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/**
 * ALARM-COST-BUDGET: the cost budget notifies a subscriber.
 *
 * Decision: judged on every AWS::Budgets::Budget; a template without a budget
 * leaves the item pending rather than failing — budgets usually live in an
 * account or billing stack, not with the service, and one template cannot show
 * they are missing from the others.
 */
export const BudgetNotifies: AwsRule = {
  id: 'BudgetNotifies',
  items: ['ALARM-COST-BUDGET'],
  types: ['AWS::Budgets::Budget'],
  severity: Severity.LOW,
  description: 'Budgets have at least one notification (actual or forecasted) with a subscriber.',
  fix: 'Add NotificationsWithSubscribers: an ACTUAL and a FORECASTED notification, each with an EMAIL or SNS subscriber.',
  check(res, { index }) {
    const p = 'Properties.NotificationsWithSubscribers';
    const list = index.prop(res, 'NotificationsWithSubscribers');
    if (list.k === 'unknown') return unknown(p, list, `notifications decided at deploy time (${list.why})`);
    const entries = V.list(list) ?? [];
    const kinds = entries.filter((e) => (V.list(index.at(e, 'Subscribers')) ?? []).length > 0)
      .map((e) => V.str(index.at(e, 'Notification.NotificationType')) ?? '?');
    if (kinds.length === 0) return fail(p, list, 'budget without a notification subscriber: overspend goes unnoticed');
    return pass(p, kinds.join(', '), `budget notifies on ${kinds.join(', ').toLowerCase()} spend`);
  },
};
