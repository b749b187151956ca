/**
 * The weakening harness: one table per construct states every prop (or nested
 * prop path) that touches an item the construct claims, a value that weakens it,
 * and the item; the harness asserts, per row,
 *
 * (a) the construct refuses it: a validation error naming the item (`[ITEM]`),
 *     the prop (its last path segment) and the acknowledge call, and the
 *     construct that refuses it does not claim the item;
 * (b) acknowledged (`Validations.of(construct).acknowledge({ id: 'GoLiveChecks::ITEM' })`)
 *     it is accepted: no validation error is left, and the item is still not claimed;
 * (c) the checks agree: GoLiveChecks on the synthesized app (the construct
 *     acknowledged, or built with the row's escape hatch) finds the item failing
 *     (a `fail` finding, or `acknowledged`: a failure the acknowledgement covers),
 *     while the same configuration without the weakening has no such finding.
 *     A row whose check has not landed yet is `Check.pendingIn(branch)` and runs as
 *     `test.failing` (it starts failing, telling to drop the mark, once the check
 *     catches it); a row the checks cannot judge is `Check.cannotKnow(reason)`, and
 *     the harness asserts that they indeed do not fail it.
 *
 * It also ENUMERATES the props: it reads the construct's props interface from the
 * jsii assembly (`.jsii`, written by `npm run build`), follows the structs of
 * this package (inherited ones included) and the static factories of its value
 * objects (`authentication.rbac().accessString`), and fails when a prop path is
 * neither in the weakening table nor in the table's `untouched` list
 * ("touches no claimed item, because ..."; an untouched struct covers its
 * fields), or when the table names a path the props do not have.
 *
 * Usage (one file per construct):
 *
 *   weakeningSuite({
 *     construct: 'ProductionDatabase',
 *     propsType: 'ProductionDatabaseProps',
 *     configurations: { aurora: (stack, props) => new ProductionDatabase(stack, 'Db', { vpc: vpcOf(stack), ...props }) },
 *     weakenings: [{ prop: 'monitoringInterval', value: Duration.seconds(0), item: 'DB-ENHANCED-MONITORING', check: Check.fails() }],
 *     untouched: { port: 'the port is not a checklist item ...' },
 *   });
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { CLAIMS_METADATA_TYPE } from '../../../lib/aws/private/guard';
import { Catalog } from '../../../lib/checklist/catalog';
import { ChecklistReport, Finding, FindingStatus, GoLiveChecks } from '../../../lib/checks';

/** The account and region every harness stack is synthesized in. */
export const HARNESS_ENV = { account: '111111111111', region: 'eu-west-1' };

/** The repository root (where `.jsii` is written). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** How the checks see a weakening. */
export interface CheckExpectation {
  /** `fails`, `pending` (the check lands in another branch) or `cannot-know`. */
  readonly kind: 'fails' | 'pending' | 'cannot-know';
  /** The branch the check lands in (`pending`), or why a template cannot show it (`cannot-know`). */
  readonly note?: string;
}

/** Factories of `CheckExpectation`. */
export const Check = {
  /** GoLiveChecks fails the item on the synthesized template. */
  fails: (): CheckExpectation => ({ kind: 'fails' }),
  /** The check that fails it is built in another branch (`policy`): runs as `test.failing` until it lands. */
  pendingIn: (branch: string): CheckExpectation => ({ kind: 'pending', note: branch }),
  /** No check can judge it from a template, because `reason`: the harness asserts the checks do not fail it. */
  cannotKnow: (reason: string): CheckExpectation => ({ kind: 'cannot-know', note: reason }),
};

/** One weakening of one prop. */
export interface WeakeningRow {
  /**
   * The prop path, as the enumeration names it: `monitoringInterval`,
   * `parameters.ssl_min_protocol_version` (a key of a map prop),
   * `authentication.rbac().accessString` (a field of a value object's factory options),
   * `rotation.disabled()` (a factory).
   */
  readonly prop: string;
  /** The item it weakens (a catalog id). */
  readonly item: string;
  /**
   * The props (merged over the configuration's) that carry the weakening, or a
   * function that makes them in the row's stack (a key, a topic, a security group).
   */
  readonly props: { [name: string]: unknown } | ((stack: Stack) => { [name: string]: unknown });
  /** What the value is, for the test name. @default - the props as JSON */
  readonly label?: string;
  /** How GoLiveChecks sees it. */
  readonly check: CheckExpectation;
  /** The configuration to build it in. @default - the first configuration */
  readonly configuration?: string;
  /**
   * For (c) only: build the construct without the weakening prop and apply the
   * weakening to its resources (an escape hatch), when the prop path cannot
   * carry it to the template.
   * @default - (c) uses the acknowledged construct built with `props`
   */
  readonly escapeHatch?: (construct: Construct) => void;
  /**
   * What the refusal must name as the prop.
   * @default - the last segment of `prop` (without `()`)
   */
  readonly propInMessage?: string;
}

/** The table of one construct. */
export interface WeakeningTable {
  /** The construct's class name (for test names). */
  readonly construct: string;
  /** The props interface's name in the jsii assembly (`ProductionDatabaseProps`). */
  readonly propsType: string;
  /**
   * The configurations the rows are built in: each builds the construct in a
   * new stack (env `HARNESS_ENV`) from the row's props, and returns it.
   */
  readonly configurations: { [name: string]: (stack: Stack, props: { [name: string]: unknown }) => Construct };
  /** The weakenings. */
  readonly weakenings: WeakeningRow[];
  /** Prop paths that touch no claimed item, each with the reason ("because ..."). */
  readonly untouched: { [prop: string]: string };
}

/** One prop path of a props interface, from the jsii assembly. */
export interface PropPath {
  /** `a.b`, `a.factory()`, `a.factory().field`. */
  readonly path: string;
  /** `leaf`, `map` (a map prop: its keys are rows `path.key`), `factory` (a static factory of a value object). */
  readonly kind: 'leaf' | 'map' | 'factory';
}

/* eslint-disable @typescript-eslint/no-explicit-any */
interface JsiiType {
  kind: string;
  datatype?: boolean;
  properties?: Array<{ name: string; type: any; static?: boolean }>;
  methods?: Array<{ name: string; static?: boolean; parameters?: Array<{ name: string; type: any }>; returns?: { type: any } }>;
  interfaces?: string[];
}

let assemblyCache: { name: string; types: { [fqn: string]: JsiiType } } | undefined;

/** The jsii assembly of this package (`.jsii`, or the `.jsii.gz` it redirects to). */
export function jsiiAssembly(): { name: string; types: { [fqn: string]: JsiiType } } {
  if (assemblyCache) return assemblyCache;
  const file = path.join(ROOT, '.jsii');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build (the harness reads the props from the jsii assembly)`);
  let assembly = JSON.parse(fs.readFileSync(file, 'utf-8'));
  if (assembly.schema === 'jsii/file-redirect') {
    const target = path.join(ROOT, assembly.filename);
    const raw = fs.readFileSync(target);
    assembly = JSON.parse((assembly.compression === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf-8'));
  }
  assemblyCache = assembly;
  return assembly;
}

/** Fails when a source file of lib/ is newer than `.jsii`: the enumeration would read stale props. */
export function assertAssemblyFresh(sources: string[]): void {
  const built = fs.statSync(path.join(ROOT, '.jsii')).mtimeMs;
  const stale = sources.filter((s) => fs.statSync(path.join(ROOT, s)).mtimeMs > built);
  if (stale.length > 0) throw new Error(`.jsii is older than ${stale.join(', ')}: run npm run build`);
}

/**
 * Every prop path of the props interface `propsType` (inherited props included),
 * following this package's structs and its value objects' static factories.
 */
export function enumerateProps(propsType: string): PropPath[] {
  const asm = jsiiAssembly();
  const ours = (fqn: string | undefined): JsiiType | undefined => (fqn && fqn.startsWith(`${asm.name}.`) ? asm.types[fqn] : undefined);
  const fqnOf = (name: string) => `${asm.name}.${name}`;
  if (!asm.types[fqnOf(propsType)]) throw new Error(`${propsType} is not in the jsii assembly ${asm.name}`);
  const out: PropPath[] = [];
  const seen = new Set<string>();

  const propsOf = (fqn: string): Array<{ name: string; type: any }> => {
    const t = asm.types[fqn];
    const own = (t.properties ?? []).filter((p) => !p.static);
    return [...(t.interfaces ?? []).filter((i) => ours(i)).flatMap((i) => propsOf(i)), ...own];
  };

  const visitStruct = (fqn: string, prefix: string): void => {
    if (seen.has(`${prefix}|${fqn}`)) return;
    seen.add(`${prefix}|${fqn}`);
    for (const p of propsOf(fqn)) visitType(p.type, prefix ? `${prefix}.${p.name}` : p.name);
  };

  const visitType = (type: any, at: string): void => {
    const target = ours(type?.fqn);
    if (target?.kind === 'interface' && target.datatype) return visitStruct(type.fqn, at);
    if (target?.kind === 'class') {
      const factories = (target.methods ?? []).filter((m) => m.static && m.returns?.type?.fqn === type.fqn);
      if (factories.length > 0) {
        for (const m of factories) {
          const at2 = `${at}.${m.name}()`;
          out.push({ path: at2, kind: 'factory' });
          for (const param of m.parameters ?? []) {
            const pt = ours(param.type?.fqn);
            if (pt?.kind === 'interface' && pt.datatype) visitStruct(param.type.fqn, at2);
          }
        }
        return;
      }
    }
    out.push({ path: at, kind: type?.collection?.kind === 'map' ? 'map' : 'leaf' });
  };

  visitStruct(fqnOf(propsType), '');
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The problems of a table against the enumerated props: paths not covered, and names the props do not have. */
export function coverageProblems(table: WeakeningTable, paths: PropPath[]): string[] {
  const problems: string[] = [];
  const rows = table.weakenings.map((w) => w.prop);
  const untouched = Object.keys(table.untouched);
  const covers = (p: PropPath, name: string) => name === p.path || (p.kind === 'map' && name.startsWith(`${p.path}.`));
  // An untouched struct covers every path below it (`thresholds`: only ever tightens).
  const coversAll = (p: PropPath, name: string) => covers(p, name) || p.path.startsWith(`${name}.`);
  for (const p of paths) {
    if (!rows.some((r) => covers(p, r)) && !untouched.some((u) => coversAll(p, u))) {
      problems.push(`${table.propsType}.${p.path} is neither in the weakening table nor in untouched ("touches no claimed item, because ...")`);
    }
  }
  for (const name of rows) {
    if (!paths.some((p) => covers(p, name))) problems.push(`${table.construct}: '${name}' is not a prop path of ${table.propsType}`);
  }
  for (const name of untouched) {
    if (!paths.some((p) => coversAll(p, name))) problems.push(`${table.construct}: '${name}' is not a prop path of ${table.propsType}`);
  }
  for (const [name, reason] of Object.entries(table.untouched)) {
    if (reason.trim().length < 10) problems.push(`${table.construct}: untouched '${name}' needs a reason`);
    if (rows.includes(name)) problems.push(`${table.construct}: '${name}' is both a weakening and untouched`);
  }
  return problems;
}

/** The items `scope` itself claims (its own `claim()` metadata). */
export function ownClaims(scope: IConstruct): string[] {
  return scope.node.metadata.filter((m) => m.type === CLAIMS_METADATA_TYPE).flatMap((m) => m.data as string[]);
}

/** Validation errors of every construct under `scope`, with the construct that raised each. */
export function validationErrors(scope: IConstruct): Array<{ construct: IConstruct; message: string }> {
  return scope.node.findAll().flatMap((c) => c.node.validate().map((message) => ({ construct: c, message })));
}

function propName(row: WeakeningRow): string {
  return row.propInMessage ?? row.prop.split('.').pop()!.replace(/\(\)$/, '');
}

function rowName(row: WeakeningRow): string {
  let shown = row.label;
  if (shown === undefined && typeof row.props === 'function') shown = '(made in the stack)';
  if (shown === undefined) {
    try {
      shown = JSON.stringify(row.props);
    } catch {
      shown = `{${Object.keys(row.props).join(', ')}}`; // a construct in the props: give the row a label
    }
  }
  return `${row.prop} = ${shown} weakens ${row.item}`;
}

/** Findings that fail the item (acknowledged failures included). */
export function failingFindings(report: ChecklistReport, item: string): Finding[] {
  return report.findings.filter((f) => f.itemIds.includes(item) && (f.status === FindingStatus.FAIL || f.status === FindingStatus.ACKNOWLEDGED));
}

/** Build one configuration of the table in a new app. */
export function buildIn(table: WeakeningTable, configuration: string, props: WeakeningRow['props']): { app: App; construct: Construct } {
  const make = table.configurations[configuration];
  if (!make) throw new Error(`${table.construct}: no configuration '${configuration}'`);
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: HARNESS_ENV });
  return { app, construct: make(stack, typeof props === 'function' ? props(stack) : props) };
}

function checksOf(app: App): ChecklistReport {
  return new GoLiveChecks({ printSummary: false, writeReports: false }).checkApp(app);
}

/**
 * Declare the suite of one construct: the enumeration test, one test of the
 * baseline per configuration, and per row the refusal (a, b) and the checks (c).
 * `sources` are the lib/ files the props are declared in (the assembly must be newer).
 */
export function weakeningSuite(table: WeakeningTable, sources: string[]): void {
  const configurations = Object.keys(table.configurations);
  const configOf = (row: WeakeningRow) => row.configuration ?? configurations[0];
  const baselines = new Map<string, ChecklistReport>();
  const baseline = (configuration: string): ChecklistReport => {
    let r = baselines.get(configuration);
    if (!r) {
      r = checksOf(buildIn(table, configuration, {}).app);
      baselines.set(configuration, r);
    }
    return r;
  };

  describe(`${table.construct}: every weakening is refused unless acknowledged, and the checks agree`, () => {
    test('the table covers every prop path of the props (read from the jsii assembly)', () => {
      assertAssemblyFresh(sources);
      expect(coverageProblems(table, enumerateProps(table.propsType))).toEqual([]);
    });

    test('the rows name catalog items and known configurations', () => {
      for (const row of table.weakenings) {
        expect(() => Catalog.item(row.item)).not.toThrow();
        expect(configurations).toContain(configOf(row));
        if (row.check.kind !== 'fails') expect((row.check.note ?? '').trim()).not.toEqual('');
      }
    });

    // The refusal test's construct, once acknowledged, is what the checks test judges (same props, same
    // acknowledgement): handed over instead of built a second time (each build of a ProductionService is about
    // half a second). A checks test that runs alone, or after a refusal test that failed, builds its own.
    const acknowledged = new Map<WeakeningRow, App>();
    for (const row of table.weakenings) {
      test(`refused, then accepted when acknowledged: ${rowName(row)}`, () => {
        const { construct } = buildIn(table, configOf(row), row.props);
        const ack = `Validations.of(construct).acknowledge({ id: 'GoLiveChecks::${row.item}'`;
        const refusals = validationErrors(construct).filter((e) => e.message.includes(`[${row.item}]`));
        expect(refusals.map((e) => e.message)).toEqual(expect.arrayContaining([
          expect.stringMatching(new RegExp(`\\[${row.item}\\].*\\b${escape(propName(row))}\\b`)),
        ]));
        const named = refusals.filter((e) => new RegExp(`\\b${escape(propName(row))}\\b`).test(e.message));
        for (const e of named) expect(e.message).toContain(ack);
        for (const e of named) expect(ownClaims(e.construct)).not.toContain(row.item);

        Validations.of(construct).acknowledge({ id: `GoLiveChecks::${row.item}`, reason: 'weakening harness: accepted' });
        expect(validationErrors(construct).map((e) => e.message)).toEqual([]);
        for (const e of named) expect(ownClaims(e.construct)).not.toContain(row.item);
        if (!row.escapeHatch) acknowledged.set(row, construct.node.root as App);
      });

      const judged = () => {
        const handed = acknowledged.get(row);
        acknowledged.delete(row);
        if (handed) return checksOf(handed);
        const props = row.escapeHatch ? {} : row.props;
        const { app, construct } = buildIn(table, configOf(row), props);
        row.escapeHatch?.(construct);
        Validations.of(construct).acknowledge({ id: `GoLiveChecks::${row.item}`, reason: 'weakening harness: accepted' });
        return checksOf(app);
      };
      const describeFindings = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.resource} ${f.status}: ${f.message}`);
      if (row.check.kind === 'cannot-know') {
        test(`the checks cannot know (${row.check.note}): ${rowName(row)}`, () => {
          expect(describeFindings(failingFindings(judged(), row.item))).toEqual([]);
        });
        continue;
      }
      const body = () => {
        expect(describeFindings(failingFindings(baseline(configOf(row)), row.item))).toEqual([]);
        expect(failingFindings(judged(), row.item).length).toBeGreaterThan(0);
      };
      if (row.check.kind === 'pending') {
        test.failing(`the checks fail it (check pending in branch ${row.check.note}): ${rowName(row)}`, body);
      } else {
        test(`the checks fail it: ${rowName(row)}`, body);
      }
    }
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
