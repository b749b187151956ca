/**
 * The evaluator's notion of "which deployment are we looking at".
 *
 * A template describes a family of deployments: every condition branch, every
 * `AllowedValues` entry of a parameter, every mapping entry a deploy-time key
 * can select. A rule is run once per *world* (one choice for each of those that
 * the rule actually reads), lazily: when the evaluator meets an undecided
 * choice it asks the world, which takes the first option and records the
 * choice point; the engine then replays the rule with the next combination
 * (depth-first, like an odometer) until every combination the rule can reach
 * has been seen. A rule that reads no conditional value runs exactly once.
 * @internal
 */

/** One choice point met while a rule ran. @internal */
export interface Decision {
  /** Stable key, e.g. `cond:3:IsProd`, `param:3:Env`. */
  readonly key: string;
  /** What was decided, for messages: `condition IsProd`, `parameter Env`. */
  readonly label: string;
  /** The options, rendered. */
  readonly options: string[];
  /** The index of the option taken. */
  readonly chosen: number;
}

/**
 * A value the template cannot decide: the rule's verdict in this world is
 * `unknown` with `why`. Thrown by the strict `V` readers when a rule tries to
 * interpret an undecidable value, so a rule that forgets the unknown case
 * can never turn it into a pass.
 * @internal
 */
export class Undecidable extends Error {
  constructor(public readonly why: string) {
    super(why);
    this.name = 'Undecidable';
  }
}

/**
 * This combination of choices cannot be deployed (a mapping has no entry for
 * the key chosen elsewhere, a resource reached only through a false
 * condition): the world is dropped, it has no verdict.
 * @internal
 */
export class Infeasible extends Error {
  constructor(public readonly why: string) {
    super(why);
    this.name = 'Infeasible';
  }
}

const NONE: number[] = [];

/** One world: the choices forced by the driver, the ones met, and memoized results. @internal */
export class World {
  public readonly trail: Decision[] = [];
  /** Created on the first result memoized: most worlds (one per rule and resource) read no condition or parameter. */
  private memo?: Map<string, unknown>;
  private position = 0;

  constructor(private forced: number[] = NONE) {}

  /** Back to a new world with nothing forced, met or memoized (the engine reuses a world its rule left unchanged). */
  public reset(): void {
    this.forced = NONE;
    this.trail.length = 0;
    this.memo = undefined;
    this.position = 0;
  }

  /** A memoized result for `key` (condition truth, parameter value), if any. */
  public get(key: string): unknown {
    return this.memo?.get(key);
  }

  /** Whether `key` has a memoized result. */
  public has(key: string): boolean {
    return this.memo !== undefined && this.memo.has(key);
  }

  /** Memoize a result that needed no choice. */
  public set(key: string, value: unknown): void {
    (this.memo ??= new Map()).set(key, value);
  }

  /**
   * Choose one of `options` for `key` (memoized: the same key gets the same
   * answer for the rest of this world). Returns the option.
   */
  public choose<T>(key: string, label: string, options: T[], render: (o: T) => string = String): T {
    if (this.memo?.has(key)) return this.memo.get(key) as T;
    if (options.length === 0) throw new Infeasible(`${label} has no possible value`);
    const i = this.position < this.forced.length ? this.forced[this.position] : 0;
    this.position++;
    this.trail.push({ key, label, options: options.map(render), chosen: i });
    const v = options[i];
    (this.memo ??= new Map()).set(key, v);
    return v;
  }

  /**
   * The forced prefix of the next world after this one (depth-first), or
   * undefined when every combination has been seen.
   */
  public next(): number[] | undefined {
    let i = this.trail.length - 1;
    while (i >= 0 && this.trail[i].chosen >= this.trail[i].options.length - 1) i--;
    if (i < 0) return undefined;
    return [...this.trail.slice(0, i).map((d) => d.chosen), this.trail[i].chosen + 1];
  }

  /** The choices of this world, in words: `condition IsProd = true, parameter Env = dev`. */
  public describe(max = 4): string {
    const parts = this.trail.map((d) => `${d.label} = ${d.options[d.chosen]}`);
    return parts.length > max ? `${parts.slice(0, max).join(', ')} (+${parts.length - max} more)` : parts.join(', ');
  }
}

/** The world the evaluator reads in; shared by every template of one run. @internal */
export interface EvalContext {
  world?: World;
}
