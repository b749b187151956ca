import { AwsRule } from '../../rule';
import { AuditAppLogEnabled } from './audit-app-log';
import { AuditTrail } from './audit-trail';
import { LogCentralized } from './log-centralized';
import { LogEncrypted } from './log-encrypted';
import { LogRetention } from './log-retention';
import { LogStructured } from './log-structured';
import { LogTracing } from './log-tracing';
import { WafLoggingEnabled } from './waf-logging-enabled';

/** Rules of the logging area. @internal */
export const LOGGING_RULES: AwsRule[] = [
  LogRetention,
  LogEncrypted,
  LogStructured,
  LogTracing,
  AuditTrail,
  AuditAppLogEnabled,
  LogCentralized,
  WafLoggingEnabled,
];
