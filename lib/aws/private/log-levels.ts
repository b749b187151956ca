import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Log levels `ProductionService` accepts, mapped to Lambda's application log levels. @internal */
export const LAMBDA_LOG_LEVELS: Record<string, lambda.ApplicationLogLevel> = {
  TRACE: lambda.ApplicationLogLevel.TRACE,
  DEBUG: lambda.ApplicationLogLevel.DEBUG,
  INFO: lambda.ApplicationLogLevel.INFO,
  WARN: lambda.ApplicationLogLevel.WARN,
  WARNING: lambda.ApplicationLogLevel.WARN,
  ERROR: lambda.ApplicationLogLevel.ERROR,
  FATAL: lambda.ApplicationLogLevel.FATAL,
};
