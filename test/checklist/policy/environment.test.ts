import {
  debugProblem, isDebugName, isDebuggerOptionName, isEnvironmentName, isLogLevelName, isProductionEnvironment, isVerboseLogLevel,
} from '../../../lib/checklist/policy/environment';

describe('environment words', () => {
  test.each([
    ['ENVIRONMENT', 'production', true], ['node_env', 'prod', true], ['STAGE', ' PRD ', true], ['APP_ENV', 'staging', false],
    ['SPRING_PROFILES_ACTIVE', 'aws,prod', true], ['SPRING_PROFILES_ACTIVE', 'dev,aws', false], ['ENV', 'production-eu', false],
  ] as [string, string, boolean][])('%s=%s is production: %s', (name, value, ok) => {
    expect(isEnvironmentName(name)).toBe(true);
    expect(isProductionEnvironment(name, value)).toBe(ok);
  });

  test('names that do not name the environment', () => {
    expect(isEnvironmentName('ENVIRONMENT_COLOR')).toBe(false);
    expect(isEnvironmentName('spring_profiles_active')).toBe(true);
  });
});

describe('debug words', () => {
  test.each([
    ['DEBUG', 'true', true], ['DEBUG', 'false', false], ['debug', '', false], ['FLASK_DEBUG', '1', true], ['DJANGO_DEBUG', 'Off', false],
    ['NODE_OPTIONS', '--inspect=0.0.0.0:9229', true], ['NODE_OPTIONS', '--max-old-space-size=512', false],
    ['JAVA_TOOL_OPTIONS', '-agentlib:jdwp=transport=dt_socket', true], ['JAVA_OPTS', '-Xmx1g', false], ['DEBUGGER', 'true', false],
  ] as [string, string, boolean][])('%s=%s switches debugging on: %s', (name, value, on) => {
    expect(debugProblem(name, value) !== undefined).toBe(on);
  });

  test('switch and option names', () => {
    expect(isDebugName('app_debug')).toBe(true);
    expect(isDebugName('NODE_OPTIONS')).toBe(false);
    expect(isDebuggerOptionName('NODE_OPTIONS')).toBe(true);
    expect(isDebuggerOptionName('JDK_JAVA_OPTIONS')).toBe(true);
  });
});

describe('log-level words', () => {
  test.each([
    ['DEBUG', true], ['trace', true], ['info,hyper=debug', true], ['ALL', true], ['INFO', false], ['WARN', false], ['error', false], ['debugger', false],
  ] as [string, boolean][])('%s is verbose: %s', (value, verbose) => expect(isVerboseLogLevel(value)).toBe(verbose));

  test('names that set the log level, including RUST_LOG (the older construct list lacked it)', () => {
    for (const n of ['LOG_LEVEL', 'loglevel', 'POWERTOOLS_LOG_LEVEL', 'RUST_LOG']) expect(isLogLevelName(n)).toBe(true);
    expect(isLogLevelName('LOG_FORMAT')).toBe(false);
  });
});
