import { parse } from '../cli/main';
import { exitWithReasons, FORMATS, writeReports } from '../cli/output';
import { errorLine, isFatal } from './clients';
import { GoLiveVerify } from './verify';

/** Usage lines of `cdk-golive verify`. @internal */
export const VERIFY_USAGE = `  cdk-golive verify --stack <name> [--stack <name> ...] [--app <cdk.out>] [--region <r>]
                    [--window 1h] [--format summary|json|md|sarif] [--out <dir>] [--strict]
                    [--attestations <file>] [--threshold key=value ...] [--request-timeout 30]
      Read the deployed stacks (read-only, AWS SDK credential chain, AWS_ENDPOINT_URL
      honoured) and evidence every live item with measured values over the window
      (5m to 14d: Nm, Nh or Nd). With --app, the report merges the app's static
      findings and attestations. A call with no answer within --request-timeout
      seconds (1 to 600), retried, stops the run. Exit codes as for check.`;

/** `--request-timeout` in seconds; undefined when not given. @internal */
export function requestTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new Error(`--request-timeout takes a number of seconds from 1 to 600 (got ${text})`);
  return Number(text.trim());
}

/** `1h` → 60, `30m` → 30, `7d` → 10080. @internal */
export function windowMinutes(text: string): number {
  const m = /^(\d+)(m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`--window takes a duration such as 30m, 1h or 7d (got ${text})`);
  return Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2] as 'm' | 'h' | 'd'];
}

/** `cdk-golive verify`; resolves to the exit code. @internal */
export async function verifyCommand(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    const p = parse(args, ['stack', 'app', 'region', 'window', 'format', 'out', 'attestations', 'threshold', 'request-timeout'], ['strict']);
    if (p.positional.length > 0) throw new Error(`verify takes no positional argument (got ${p.positional[0]}); name stacks with --stack`);
    const stacks = p.flags.get('stack') ?? [];
    if (stacks.length === 0) throw new Error('verify needs --stack <name> (the deployed CloudFormation stack)');
    const format = p.flags.get('format')?.[0] ?? 'summary';
    if (!FORMATS.includes(format)) throw new Error(`--format must be summary, json, md or sarif (got ${format})`);
    const thresholds: Record<string, number> = {};
    for (const t of p.flags.get('threshold') ?? []) {
      const m = /^([A-Za-z0-9]+)=(.+)$/.exec(t);
      if (!m || !Number.isFinite(Number(m[2]))) throw new Error(`--threshold takes key=number (got ${t})`);
      thresholds[m[1]] = Number(m[2]);
    }
    const verify = new GoLiveVerify({
      stacks,
      app: p.flags.get('app')?.[0],
      region: p.flags.get('region')?.[0],
      windowMinutes: windowMinutes(p.flags.get('window')?.[0] ?? '1h'),
      attestationsFile: p.flags.get('attestations')?.[0],
      thresholds,
      requestTimeoutSeconds: requestTimeout(p.flags.get('request-timeout')?.[0]),
    });
    const report = await verify.run();
    writeReports(report, p.flags.get('out')?.[0] ?? '.', format, out, err);
    return exitWithReasons(report, p.flags.has('strict'), err);
  } catch (e) {
    const line = isFatal(e) && !/^VerifyInputError$/.test((e as Error).name) ? `AWS credentials or region: ${errorLine(e)}` : String((e as Error).message ?? e).split('\n')[0];
    err(`cdk-golive: ${line}\n`);
    return 2;
  }
}
