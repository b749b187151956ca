import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { DASHBOARD_TYPE } from '../../cfn/alarms';
import { COGNITO_AUTH_METRICS, cognitoPublishes, poolLogMetrics, rateRuleMetrics, wafAclKeys, wafRowFit, webAclNames, webAclNaming } from './security-signals';
import { Published, publishedNames } from './signals';
import { DashRow, rowsOf, showing, whyUnreadable } from '../../cfn/dashboards';
import { textKeys } from '../../cfn/keyed';
import { settled } from '../../cfn/settled';
import { TemplateIndex } from '../../template-index';

/**
 * The AWS/WAFV2 rows of every dashboard of the template by the web ACL their WebACL dimension may name (its text:
 * `textKeys`), and the dashboards whose bodies cannot be read, in this world: built once per run (`settled`,
 * per combination of the choices the bodies read), not for each web ACL.
 */
function wafRows(index: TemplateIndex) {
  return settled(index, 'dashboard-waf-rows', () => {
    const { rows, unreadable, why } = rowsOf(index, index.ofType(DASHBOARD_TYPE));
    const byKey = new Map<string, DashRow[]>();
    const order = new Map<DashRow, number>();
    for (const r of rows) {
      if (r.namespace !== 'AWS/WAFV2') continue;
      order.set(r, order.size);
      for (const k of textKeys(r.dims.WebACL)) {
        let list = byKey.get(k);
        if (!list) byKey.set(k, (list = []));
        list.push(r);
      }
    }
    return { unreadable, why, byKey, order };
  });
}

/**
 * DASHBOARD-SECURITY: a dashboard shows the security signals — for each WAFv2
 * web ACL its AllowedRequests and BlockedRequests, and the blocks of each
 * rate-based rule (BlockedRequests with Rule = the rule's metric name); for
 * each Cognito user pool its sign-in/risk metrics or the metric filters over
 * its logs.
 *
 * Decision: WAF rows are matched by the WebACL dimension (the ACL's metric
 * name; its Name, when another, is unknown), so every dashboard of the
 * template is read (ofType); Cognito rows by the pool's id (`!Ref`; its Arn
 * or ProviderName names nothing: `showing`). A WAF
 * row counts only when it reads the dimensions WAF publishes (Rule and
 * WebACL, plus the stack's Region for a regional web ACL) under a Rule WAF
 * publishes (ALL, Default_Action, a rule's metric name), a Cognito row when it
 * reads those Cognito publishes (UserPool + UserPoolClient for sign-ins;
 * Operation + UserPoolId for risk): other rows show nothing (named in the
 * failure), or are unknown when that is decided at deploy time.
 */
export const DashboardSecurity: AwsRule = {
  id: 'DashboardSecurity',
  items: ['DASHBOARD-SECURITY'],
  types: ['AWS::WAFv2::WebACL', 'AWS::Cognito::UserPool'],
  severity: Severity.LOW,
  description: 'A dashboard shows WAF allowed/blocked requests and rate-limit blocks of each web ACL, and authentication metrics of each user pool.',
  fix: 'Add GraphWidgets for AWS/WAFV2 AllowedRequests and BlockedRequests (Rule=ALL and the rate rule) and AWS/Cognito SignInSuccesses.',
  check(res, { index }) {
    if (res.type === 'AWS::WAFv2::WebACL') {
      const { names, open } = webAclNames(res, index);
      // The rows that may name the web ACL (looked up by its id, metric name and Name), in the dashboards' order.
      const all = wafRows(index);
      const unreadable = all.unreadable;
      const keys = wafAclKeys(index, res);
      const found = new Set<DashRow>(keys ? [] : all.order.keys());
      for (const k of keys ?? []) for (const r of all.byKey.get(k) ?? []) found.add(r);
      const rows = [...found].sort((a, b) => all.order.get(a)! - all.order.get(b)!);
      // A row counts when its WebACL dimension is the web ACL's metric name and it reads the dimensions WAF
      // publishes: one without Rule or the stack's Region, or naming the web ACL by its Ref, shows nothing.
      const fits = rows.map((r) => ({ r, naming: webAclNaming(index, res, r.dims.WebACL) }))
        .flatMap(({ r, naming }) => (naming === false ? [] : [{ r, fit: naming === true ? wafRowFit(index, res, r.dims) : naming }]));
      const mine = fits.filter((f) => 'ok' in f.fit).map((f) => f.r);
      const why = (f: (typeof fits)[number]) => `${f.r.dashboard.logicalId} ${f.r.name} (Rule ${f.r.dims.Rule ?? 'none'}): ${'wrong' in f.fit ? f.fit.wrong : 'open' in f.fit ? f.fit.open : ''}`;
      const rates = rateRuleMetrics(res, index);
      const missing: string[] = [];
      if (!mine.some((r) => r.name === 'AllowedRequests')) missing.push('AllowedRequests');
      if (!mine.some((r) => r.name === 'BlockedRequests')) missing.push('BlockedRequests');
      for (const rate of rates.names) if (!mine.some((r) => r.name === 'BlockedRequests' && r.dims.Rule === rate)) missing.push(`rate-limit blocks (${rate})`);
      if (missing.length === 0 && rates.open === undefined) return pass(undefined, [...new Set(mine.map((r) => r.dashboard.logicalId))].join(', '), 'dashboard shows allowed, blocked and rate-limited requests of the web ACL');
      if (unreadable.length > 0) return unknown(undefined, unreadable.map((d) => d.logicalId).join(', '), whyUnreadable(all));
      const undecided = fits.filter((f) => 'open' in f.fit);
      if (undecided.length > 0) return unknown(undefined, [...new Set(undecided.map((f) => f.r.dashboard.logicalId))].join(', '), `whether a dashboard shows ${missing.join(', ')} of the web ACL is not known: ${undecided.map(why).join('; ')}`);
      if (open !== undefined) return unknown('Properties.Name', undefined, `the web ACL name is decided at deploy time (${open}), so dashboards naming it cannot be matched`);
      if (names.length === 0) return unknown('Properties.Name', undefined, 'the web ACL name is generated at deploy time, so dashboards naming it cannot be matched');
      if (missing.length === 0) return unknown('Properties.Rules', undefined, `the web ACL's rules are decided at deploy time (${rates.open}): whether a rate rule is missing from the dashboard cannot be told`);
      const blank = fits.filter((f) => 'wrong' in f.fit);
      return fail(undefined, missing.join(', '), `no dashboard shows ${missing.join(', ')} of the web ACL${blank.length > 0 ? `; rows that show no data: ${blank.map(why).join('; ')}` : ''}`);
    }
    const logMetrics = poolLogMetrics(res, index);
    const found = rowsOf(index, [...new Set([...index.referrers(res, DASHBOARD_TYPE), ...(logMetrics.length ? index.ofType(DASHBOARD_TYPE) : [])])]);
    const { rows, unreadable } = found;
    // A Cognito row counts when it reads the dimensions Cognito publishes the metric with (a sign-in metric per
    // UserPool + UserPoolClient): one naming the pool alone shows nothing.
    // It names the pool by its id (`showing`: !Ref, not its Arn or ProviderName); one that may is unknown.
    const candidates = rows.filter((r) => r.namespace === 'AWS/Cognito' && COGNITO_AUTH_METRICS.includes(r.name))
      .map((r) => ({ r, names: showing(index, r, res) })).filter((c) => c.names !== 'no');
    const cognito = candidates.filter((c) => c.names === 'yes').map(({ r }) => ({ r, publishes: cognitoPublishes(r.name, Object.keys(r.dims)) }));
    const undecided = candidates.filter((c) => c.names === 'maybe' && cognitoPublishes(c.r.name, Object.keys(c.r.dims)) !== false).map((c) => c.r);
    // A row of a log metric shows it only under the dimensions the metric filter publishes it with (CloudWatch keeps
    // each dimension set apart, as the alarm side reads it: `filterPublishes`).
    const logRows = rows.filter((r) => r.open === undefined && r.crowded === undefined).map((r) => ({ r, fits: logMetrics.filter((m) => m.namespace === r.namespace && m.name === r.name).map((m) => logRowFit(r, m.dims)) }))
      .filter((x) => x.fits.length > 0);
    const logOpen = logRows.filter((x) => !x.fits.includes(true)).flatMap((x) => x.fits.filter((f): f is { open: string } => typeof f === 'object' && 'open' in f).slice(0, 1).map((f) => `${x.r.dashboard.logicalId} ${f.open}`));
    const logBlank = logRows.filter((x) => x.fits.every((f) => typeof f === 'object' && 'wrong' in f)).map((x) => `${x.r.dashboard.logicalId} ${(x.fits[0] as { wrong: string }).wrong}`);
    const shown = [...cognito.filter((c) => c.publishes === true).map((c) => c.r), ...logRows.filter((x) => x.fits.includes(true)).map((x) => x.r)];
    if (shown.length > 0) return pass(undefined, shown.map((r) => `${r.namespace} ${r.name}`).join(', '), `dashboard ${shown[0].dashboard.logicalId} shows the pool's authentication metrics`);
    if (unreadable.length > 0) return unknown(undefined, unreadable.map((d) => d.logicalId).join(', '), whyUnreadable(found));
    const rowText = (r: DashRow) => `${r.dashboard.logicalId} ${r.name} (${Object.keys(r.dims).sort().join(' + ')})`;
    if (undecided.length > 0) return unknown(undefined, undecided.map((r) => r.dashboard.logicalId).join(', '), `whether ${undecided.map(rowText).join('; ')} names user pool ${res.logicalId} (its id, !Ref) is decided at deploy time`);
    if (logOpen.length > 0) return unknown(undefined, logOpen.join('; '), `whether a dashboard shows the pool's log metrics is not known: ${logOpen.join('; ')}`);
    const maybe = cognito.filter((c) => c.publishes === undefined);
    if (maybe.length > 0) return unknown(undefined, maybe.map((c) => c.r.dashboard.logicalId).join(', '), `whether Cognito publishes ${maybe.map((c) => rowText(c.r)).join('; ')} is not known`);
    const blank = cognito.filter((c) => c.publishes === false);
    return fail(undefined, res.logicalId, `no dashboard shows the user pool's authentication metrics${blank.length > 0 ? `; rows that show no data (Cognito publishes sign-in metrics per UserPool + UserPoolClient, risk metrics per Operation + UserPoolId): ${blank.map((c) => rowText(c.r)).join('; ')}` : ''}${logBlank.length > 0 ? `; log-metric rows that show no data: ${logBlank.join('; ')}` : ''}`);
  },
};

/**
 * Whether a dashboard row shows a metric a metric filter publishes (`published`, as `filterPublishes` reads it): only
 * under the same dimension names; with dimensions, a row naming values shows those values only (open), a SEARCH
 * row leaving them all open (`*`) shows every value.
 */
function logRowFit(r: DashRow, published: Published): true | { open: string } | { wrong: string } {
  if ('open' in published) return { open: published.open };
  const names = Object.keys(r.dims).sort();
  if (!publishedNames(names, published)) return { wrong: `${r.namespace}/${r.name} with ${names.join(' + ') || 'none'} (the filter publishes it with ${published.names.join(' + ') || 'none'})` };
  const picked = names.filter((n) => !r.anyDims?.has(n));
  if (picked.length === 0) return true;
  return { open: `shows ${r.namespace}/${r.name} for ${picked.map((n) => `${n} = ${r.dims[n]}`).join(', ')} only, of a metric the filter publishes per ${published.names.join(' + ')}` };
}
