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
    const kinds: string[] = [];
    let open: string | undefined;
    for (const e of index.items(list) ?? []) {
      if (e.k === 'unknown') { open = e.why; continue; }
      const subscribers = index.field(e, 'Subscribers');
      if (subscribers.k === 'unknown') { open = subscribers.why; continue; }
      if ((index.items(subscribers) ?? []).length === 0) continue;
      const type = index.field(e, 'Notification.NotificationType');
      kinds.push(type.k === 'unknown' ? '?' : V.str(type) ?? '?');
    }
    if (kinds.length === 0 && open !== undefined) return unknown(p, list, `a notification of the budget is decided at deploy time (${open})`);
    if (kinds.length === 0) return fail(p, list, 'budget without a notification subscriber: overspend goes unnoticed');
    return pass(p, kinds.join(', '), `budget notifies on ${kinds.join(', ').toLowerCase()} spend`);
  },
};
