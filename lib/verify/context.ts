/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../checklist/thresholds';
import { FindingStatus, Severity } from '../checks/model';
import { errorLine, isFatal, LiveClients } from './clients';

/** A deployed stack (or nested stack) as CloudFormation reports it. @internal */
export interface StackInfo {
  /** The stack name. */
  readonly name: string;
  /** The stack ARN. */
  readonly arn: string;
  readonly status: string;
  readonly statusReason?: string;
  /** The deployed template, parsed (`{}` when CloudFormation did not return one). */
  readonly template: any;
  /** The file findings name: the cloud assembly template with `--app`, else `cloudformation/<stack>`. */
  readonly file: string;
  /** The logical id of this stack in its parent, for nested stacks. */
  readonly logicalIdInParent?: string;
}

/** One physical resource of a deployed stack. @internal */
export interface LiveResource {
  readonly stack: StackInfo;
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
}

/** What every verifier reads. @internal */
export interface VerifyContext {
  readonly clients: LiveClients;
  readonly thresholds: Thresholds;
  /** The end of the window: now, rounded down to the minute. */
  readonly now: Date;
  readonly windowSeconds: number;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly stacks: StackInfo[];
  readonly resources: LiveResource[];
  /** Run `fn` once per key in this run (shared describe calls). */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** One verdict of a verifier. @internal */
export interface LiveVerdict {
  readonly resource: LiveResource;
  readonly status: FindingStatus;
  /** What was measured, e.g. `AWS/ApplicationELB 5xx / RequestCount`. */
  readonly property?: string;
  /** The measured value, e.g. `0.42 % (21 of 5000)`. */
  readonly value?: string;
  readonly message: string;
}

/** A verifier: one live item (or a few), one service or a few. @internal */
export interface LiveVerifier {
  readonly id: string;
  readonly items: string[];
  readonly severity: Severity;
  readonly description: string;
  readonly fix: string;
  verify(ctx: VerifyContext): Promise<LiveVerdict[]>;
}

/** The resources of the given types. @internal */
export function ofType(ctx: VerifyContext, ...types: string[]): LiveResource[] {
  return ctx.resources.filter((r) => types.includes(r.type));
}

/** A stack as a resource, for verdicts about the stack itself. @internal */
export function stackAsResource(stack: StackInfo): LiveResource {
  return { stack, logicalId: stack.logicalIdInParent ?? stack.name, physicalId: stack.arn, type: 'AWS::CloudFormation::Stack' };
}

/** The template properties of a resource (`{}` when unknown). @internal */
export function props(r: LiveResource): any {
  return r.stack.template?.Resources?.[r.logicalId]?.Properties ?? {};
}

/**
 * A template value as a literal, following `Ref`/`Fn::GetAtt` of resources in
 * the same stack to their physical id (for `Ref`) or undefined.
 * @internal
 */
export function literal(ctx: VerifyContext, stack: StackInfo, v: any): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && typeof v.Ref === 'string') {
    return ctx.resources.find((r) => r.stack === stack && r.logicalId === v.Ref)?.physicalId;
  }
  return undefined;
}

/** Run `fn` for each resource, at most `limit` at a time; an error makes that resource's verdict unknown. @internal */
export async function eachResource(resources: LiveResource[], fn: (r: LiveResource) => Promise<LiveVerdict | LiveVerdict[] | undefined>, limit = 6): Promise<LiveVerdict[]> {
  const out: LiveVerdict[][] = new Array(resources.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= resources.length) return;
      const r = resources[i];
      try {
        const v = await fn(r);
        out[i] = v === undefined ? [] : Array.isArray(v) ? v : [v];
      } catch (e) {
        if (isFatal(e)) throw e;
        out[i] = [unknown(r, `could not be read: ${errorLine(e)}`)];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, resources.length) }, worker));
  return out.flat();
}

/** Verdict helpers. @internal */
export function pass(resource: LiveResource, message: string, value?: string, property?: string): LiveVerdict {
  return { resource, status: FindingStatus.PASS, message, value, property };
}
/** @internal */
export function fail(resource: LiveResource, message: string, value?: string, property?: string): LiveVerdict {
  return { resource, status: FindingStatus.FAIL, message, value, property };
}
/** @internal */
export function unknown(resource: LiveResource, message: string, value?: string, property?: string): LiveVerdict {
  return { resource, status: FindingStatus.UNKNOWN, message, value, property };
}

/** The window start. @internal */
export function windowStart(ctx: VerifyContext): Date {
  return new Date(ctx.now.getTime() - ctx.windowSeconds * 1000);
}

/** `2026-12-03T10:00Z (5.2 h ago)`. @internal */
export function ago(ctx: VerifyContext, d: Date): string {
  const h = (ctx.now.getTime() - d.getTime()) / 3_600_000;
  const rel = Math.abs(h) < 48 ? `${round(h, 1)} h ago` : `${round(h / 24, 1)} days ago`;
  return `${d.toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z')} (${rel})`;
}

/** A number with at most `digits` decimals. @internal */
export function round(n: number, digits = 2): string {
  return String(Math.round(n * 10 ** digits) / 10 ** digits);
}

/** A Date from an SDK timestamp (Date, ISO string or epoch seconds), or undefined. @internal */
export function toDate(v: any): Date | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return isNaN(v.getTime()) ? undefined : v;
  const d = typeof v === 'number' ? new Date(v < 1e12 ? v * 1000 : v) : new Date(v);
  return isNaN(d.getTime()) ? undefined : d;
}

/** `arn:<partition>:<service>:<region>:<account>:<rest>` for this run. @internal */
export function arn(ctx: VerifyContext, service: string, rest: string): string {
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${rest}`;
}
