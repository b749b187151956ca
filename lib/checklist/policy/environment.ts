/**
 * The environment, debug and log-level words that the constructs refuse and
 * the config rules fail (CONFIG-ENVIRONMENT-PRODUCTION, CONFIG-DEBUG-OFF,
 * CONFIG-LOG-LEVEL). Names are compared case-insensitively.
 * @internal
 */

/** Variables frameworks read to know the environment they run in. @internal */
export const ENVIRONMENT_NAMES: readonly string[] = [
  'ENVIRONMENT', 'ENV', 'APP_ENV', 'APP_ENVIRONMENT', 'NODE_ENV', 'STAGE', 'RAILS_ENV', 'RACK_ENV',
  'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'FLASK_ENV', 'MIX_ENV', 'GO_ENV', 'SPRING_PROFILES_ACTIVE',
];

/** Variables that switch an application or framework into debug mode. @internal */
export const DEBUG_NAMES: readonly string[] = ['DEBUG', 'APP_DEBUG', 'DEBUG_MODE', 'ENABLE_DEBUG', 'FLASK_DEBUG', 'DJANGO_DEBUG', 'NODE_DEBUG'];

/** Runtime option variables, and the option in them that opens a debugger port. @internal */
export const DEBUGGER_OPTIONS: ReadonlyArray<{ readonly names: readonly string[]; readonly option: RegExp }> = [
  { names: ['NODE_OPTIONS'], option: /--inspect/ },
  { names: ['JAVA_TOOL_OPTIONS', 'JAVA_OPTS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS'], option: /-agentlib:jdwp|-Xrunjdwp/ },
];

/** Variables that set the application log level. @internal */
export const LOG_LEVEL_NAMES: readonly string[] = ['LOG_LEVEL', 'LOGLEVEL', 'LOGGING_LEVEL', 'APP_LOG_LEVEL', 'LOGGER_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'RUST_LOG'];

/** Values of a switch that leave it off (debug, mocks, metrics). */
const OFF = /^(|false|0|off|no|none|disabled)$/i;

/** Whether a switch's value leaves it off: empty, false, 0, off, no, none, disabled (any case, trimmed). @internal */
export function isOffValue(value: string): boolean {
  return OFF.test(value.trim());
}
/** Log levels that write request payloads and internals, anywhere in the value (`RUST_LOG=info,hyper=debug`). */
const VERBOSE = /\b(debug|trace|all|verbose|silly|finest|finer)\b/i;
/** Environment names that mean production. */
const PRODUCTION = /^(prod|production|prd)$/i;

const has = (names: readonly string[], name: string): boolean => names.includes(name.toUpperCase());

/** Whether `name` is a variable that names the environment. @internal */
export function isEnvironmentName(name: string): boolean {
  return has(ENVIRONMENT_NAMES, name);
}

/**
 * Whether an environment variable's value says production. SPRING_PROFILES_ACTIVE
 * lists profiles: one of them must be production.
 * @internal
 */
export function isProductionEnvironment(name: string, value: string): boolean {
  const values = name.toUpperCase() === 'SPRING_PROFILES_ACTIVE' ? value.split(',') : [value];
  return values.some((v) => PRODUCTION.test(v.trim()));
}

/** Whether `name` is a debug switch. @internal */
export function isDebugName(name: string): boolean {
  return has(DEBUG_NAMES, name);
}

/** Whether `name` is a runtime option variable that can open a debugger. @internal */
export function isDebuggerOptionName(name: string): boolean {
  return DEBUGGER_OPTIONS.some((d) => has(d.names, name));
}

/**
 * Why a variable switches debug mode on or opens a debugger, or undefined when
 * it does neither (including a variable that is neither a switch nor an option).
 * @internal
 */
export function debugProblem(name: string, value: string): string | undefined {
  if (isDebugName(name) && !OFF.test(value.trim())) return `'${value}' switches debug mode on`;
  const d = DEBUGGER_OPTIONS.find((o) => has(o.names, name));
  if (d && d.option.test(value)) return `'${value}' opens a debugger port`;
  return undefined;
}

/** Whether `name` sets the application log level. @internal */
export function isLogLevelName(name: string): boolean {
  return has(LOG_LEVEL_NAMES, name);
}

/** Whether a log level value is verbose (DEBUG, TRACE, ALL, ...; anywhere in a filter list). @internal */
export function isVerboseLogLevel(value: string): boolean {
  return VERBOSE.test(value);
}
