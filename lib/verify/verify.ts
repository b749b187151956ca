/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import { Catalog } from '../checklist/catalog';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { EvidenceKind } from '../checklist/types';
import { itemResults } from '../checks/engine';
import { GoLiveChecks } from '../checks/golive-checks';
import { InputError, loadFolder } from '../checks/loader';
import { Finding, FindingStatus, Severity } from '../checks/model';
import { ChecklistReport, RuleInfo } from '../checks/report';
import { errorLine, isFatal, LiveClients, VerifyInputError } from './clients';
import { LiveVerdict, LiveVerifier, stackAsResource, VerifyContext } from './context';
import { constructPath, discover } from './discover';
import { LIVE_VERIFIERS } from './verifiers';

/**
 * Options for `GoLiveVerify`.
 */
export interface GoLiveVerifyProps {
  /** The deployed CloudFormation stacks to verify (names or ARNs); nested stacks are followed. */
  readonly stacks: string[];
  /**
   * The AWS region.
   * @default - the AWS SDK's region chain (AWS_REGION, the profile)
   */
  readonly region?: string;
  /**
   * The window, in minutes, over which metrics, failed jobs and log events are read (from 5 minutes to 14 days).
   * @default 60
   */
  readonly windowMinutes?: number;
  /**
   * Tightened thresholds. A value looser than the catalog's is refused.
   * @default - the catalog's thresholds
   */
  readonly thresholds?: ThresholdOverrides;
  /**
   * A cloud assembly (`cdk.out`) or folder of templates of the same app: its static findings and
   * attestations are merged with the live ones, so one report shows the whole checklist.
   * @default - the report holds the live items only
   */
  readonly app?: string;
  /**
   * The attestations file merged with `app`.
   * @default - `golive.attestations.json` in the current directory, if it exists (only with `app`)
   */
  readonly attestationsFile?: string;
  /**
   * How long one AWS API call may wait to connect and for each answer, in seconds (1 to 600). The SDK retries a
   * call that times out; one that still times out stops the run with one line (an endpoint that never answers
   * must not hold a pipeline step for good).
   * @default 30
   */
  readonly requestTimeoutSeconds?: number;
}

/** How long one AWS API call may wait, by default, in seconds. */
const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** The shortest and longest window. */
const MIN_WINDOW = 5;
const MAX_WINDOW = 14 * 24 * 60;

/**
 * The go-live gate on the running system: reads the deployed stacks and
 * evidences every `live` checklist item with measured values.
 *
 * ```ts
 * const report = await new GoLiveVerify({ stacks: ['GoLiveApi'], windowMinutes: 60 }).run();
 * if (report.exitCode() !== 0) throw new Error(report.summary());
 * ```
 *
 * Read-only; credentials and region come from the AWS SDK v3 chain, and
 * `AWS_ENDPOINT_URL` points it at an emulator. A value that cannot be read is
 * `unknown`, never a pass.
 */
export class GoLiveVerify {
  /** The thresholds in force. */
  public readonly thresholds: Thresholds;
  private readonly props: GoLiveVerifyProps;

  constructor(props: GoLiveVerifyProps) {
    if (!Array.isArray(props.stacks) || props.stacks.length === 0 || props.stacks.some((s) => typeof s !== 'string' || s.trim() === '')) {
      throw new Error('GoLiveVerify: stacks must name at least one deployed stack');
    }
    const w = props.windowMinutes ?? 60;
    if (!Number.isFinite(w) || w < MIN_WINDOW || w > MAX_WINDOW) {
      throw new Error(`GoLiveVerify: windowMinutes must be between ${MIN_WINDOW} and ${MAX_WINDOW} (14 days), got ${w}`);
    }
    this.thresholds = Thresholds.of(props.thresholds);
    const timeout = props.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
    if (!Number.isFinite(timeout) || timeout < 1 || timeout > 600) {
      throw new Error(`GoLiveVerify: requestTimeoutSeconds must be between 1 and 600, got ${timeout}`);
    }
    if (props.app !== undefined && !fs.existsSync(props.app)) throw new Error(`GoLiveVerify: app ${props.app} does not exist`);
    if (props.attestationsFile !== undefined && !fs.existsSync(props.attestationsFile)) throw new Error(`GoLiveVerify: attestationsFile ${props.attestationsFile} does not exist`);
    this.props = props;
  }

  /**
   * Read the deployed stacks and return the checklist report: the live items
   * (with `app`, merged with the static findings and attestations).
   */
  public async run(): Promise<ChecklistReport> {
    const loaded = this.props.app !== undefined ? loadApp(this.props.app) : undefined;
    const files = new Map<string, string>();
    for (const t of loaded?.templates ?? []) for (const n of [t.stackName, t.stack]) if (n && !files.has(n)) files.set(n, t.file);
    const clients = new LiveClients(this.props.region, (this.props.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000);
    try {
      const found = await discover(clients, this.props.stacks, files);
      const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const memo = new Map<string, Promise<unknown>>();
      const ctx: VerifyContext = {
        clients,
        thresholds: this.thresholds,
        now,
        windowSeconds: (this.props.windowMinutes ?? 60) * 60,
        partition: found.partition,
        region: found.region,
        account: found.account,
        stacks: found.stacks,
        resources: found.resources,
        memo: <T>(key: string, fn: () => Promise<T>) => {
          if (!memo.has(key)) memo.set(key, fn());
          return memo.get(key) as Promise<T>;
        },
      };
      const findings: Finding[] = [];
      for (const v of LIVE_VERIFIERS) findings.push(...toFindings(v, await runVerifier(v, ctx), now));
      const rules = LIVE_VERIFIERS.map(ruleInfo);
      if (loaded) {
        const checks = new GoLiveChecks({ thresholds: this.props.thresholds, printSummary: false, writeReports: false });
        return checks._evaluateLoaded(loaded, this.props.attestationsFile, { findings, rules });
      }
      const live = new Set(Catalog.itemsByEvidence(EvidenceKind.LIVE).map((i) => i.id));
      const items = itemResults({ findings, acknowledgements: [], attestations: [], rulesByItem: new Map(), platformsByItem: new Map(), platformsPresent: new Set(['aws']), itemFilter: live });
      return ChecklistReport._create(items, findings, [], rules, [], undefined, { failOn: Severity.LOW, reportOnly: false, baselineFixed: 0, liveMeasured: true });
    } finally {
      clients.destroy();
    }
  }
}

function loadApp(dir: string) {
  try {
    return loadFolder(dir);
  } catch (e) {
    if (e instanceof InputError) throw new VerifyInputError(e.message);
    throw e;
  }
}

/** A verifier's verdicts; a verifier that fails as a whole gives one unknown per stack naming the error. */
async function runVerifier(v: LiveVerifier, ctx: VerifyContext): Promise<LiveVerdict[]> {
  try {
    return await v.verify(ctx);
  } catch (e) {
    if (isFatal(e)) throw e;
    return ctx.stacks.map((s) => ({ resource: stackAsResource(s), status: FindingStatus.UNKNOWN, message: `${v.id} could not read the live state: ${errorLine(e)}` }));
  }
}

function toFindings(v: LiveVerifier, verdicts: LiveVerdict[], now: Date): Finding[] {
  return verdicts.map((d) => ({
    ruleId: v.id,
    itemIds: v.items,
    severity: v.severity,
    status: d.status,
    file: d.resource.stack.file,
    stack: d.resource.stack.name,
    resource: d.resource.logicalId,
    resourceType: d.resource.type,
    constructPath: constructPath(d.resource),
    property: d.property,
    value: d.value,
    observedAt: now.toISOString(),
    message: d.message,
    fix: v.fix,
  }));
}

function ruleInfo(v: LiveVerifier): RuleInfo {
  return { id: v.id, items: v.items, description: v.description, fix: v.fix, severity: v.severity };
}

/** Every verifier's id, items and description, for documentation and tests. @internal */
export function liveVerifiers(): LiveVerifier[] {
  return [...LIVE_VERIFIERS];
}
