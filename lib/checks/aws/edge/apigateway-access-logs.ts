import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { Val, V } from '../../template-index';
import { DEPLOYMENT, STAGE, V2_API, V2_STAGE, quickCreate, stageSettings } from './apigateway';

/** The request id variables API Gateway requires an access log format to hold (at least one of them). */
const REQUEST_ID = /\$context\.(requestId|extendedRequestId)(?![A-Za-z0-9_])/;

/**
 * EDGE-ACCESS-LOGS (API Gateway): every stage of a REST, HTTP or WebSocket
 * API writes access logs (a destination log group or Firehose stream, and a
 * Format: API Gateway enables access logging only with both, and requires the
 * format to hold $context.requestId or $context.extendedRequestId; a
 * destination without a Format, or a format without either, fails; a format
 * decided at deploy time is unknown). The
 * `$default` stage an HTTP API's quick create (`Target`) deploys is judged on
 * the API: it writes none unless an `ApiGatewayManagedOverrides` sets its
 * Stage.AccessLogSettings.
 */
export const ApiGatewayAccessLogs: AwsRule = {
  id: 'ApiGatewayAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [STAGE, DEPLOYMENT, V2_STAGE, V2_API],
  severity: Severity.MEDIUM,
  description: 'Every API Gateway stage (REST stages, deployments that create a stage, HTTP/WebSocket stages, the $default stage of an HTTP API quick create) writes access logs to a log group or Firehose stream, with a Format holding $context.requestId or $context.extendedRequestId (without a Format API Gateway logs nothing).',
  fix: 'Set deployOptions.accessLogDestination (REST) or the stage accessLogSettings (HTTP API) to a LogGroupLogDestination with a JSON access log format.',
  check(res, { index }) {
    let settings: { base: string; v: Val } | undefined;
    if (res.type === V2_API) {
      const quick = quickCreate(index, res);
      if (!quick) return undefined;
      if (!quick.overrides) return fail('Properties.Target', index.prop(res, 'Target'), 'quick create (Target) deploys a $default stage that writes no access logs: requests to the API leave no trace; set Stage.AccessLogSettings in an AWS::ApiGatewayV2::ApiGatewayManagedOverrides, or declare the stage yourself instead of Target');
      settings = { base: `${quick.overrides.logicalId}.Properties.Stage`, v: index.prop(quick.overrides, 'Stage') };
    } else {
      settings = res.type === V2_STAGE ? { base: 'Properties', v: index.prop(res, '') } : stageSettings(index, res);
    }
    if (!settings) return undefined; // a deployment that creates no stage
    const setting = res.type !== STAGE && res.type !== DEPLOYMENT ? 'AccessLogSettings' : 'AccessLogSetting';
    const p = `${settings.base}.${setting}.DestinationArn`;
    const dest = index.field(settings.v, `${setting}.DestinationArn`);
    if (dest.k === 'unknown') return unknown(p, dest, `access log destination decided at deploy time (${dest.why})`);
    if (dest.k === 'absent') return fail(p, dest, 'the stage writes no access logs: requests to the API leave no trace');
    const fp = `${settings.base}.${setting}.Format`;
    const format = index.field(settings.v, `${setting}.Format`);
    if (format.k === 'absent') return fail(fp, format, `the stage names an access log destination (${V.show(dest)}) but no Format: API Gateway enables access logging only with both, so requests to the API leave no trace`);
    if (format.k === 'unknown') return unknown(fp, format, `access log format decided at deploy time (${format.why})`);
    const text = format.k === 'lit' ? V.str(format) : format.k === 'expr' ? format.text : undefined;
    if (text === undefined || (!REQUEST_ID.test(text) && format.k !== 'lit')) return unknown(fp, format, `access log format ${V.show(format)} is computed at deploy time: whether it holds $context.requestId or $context.extendedRequestId, which API Gateway requires of it, is not known`);
    if (!REQUEST_ID.test(text)) return fail(fp, format, 'the access log format holds neither $context.requestId nor $context.extendedRequestId: API Gateway refuses such a format, so the stage writes no access logs');
    return pass(p, dest, 'the stage writes access logs');
  },
};
