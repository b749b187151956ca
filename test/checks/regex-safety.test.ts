/**
 * Every regular expression in lib/, collected from the source with the
 * TypeScript parser, fed adversarial text: long runs of the characters and
 * literal pieces the expression itself contains (the inputs that make a
 * backtracking expression explore polynomially or exponentially many paths),
 * each ended by a character that makes the match fail. A linear expression
 * answers such a 20,000-character input in well under a millisecond; a
 * quadratic one takes most of a second; the bound (250 ms) sits between.
 *
 * Regular expressions built at run time (`new RegExp(...)`) are listed: each
 * must be in DYNAMIC with the reason it is safe, since its text cannot be
 * checked here. Text from a template must never become a regular expression:
 * wildcards from templates go through `globMatch` (lib/checks/glob.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', '..', 'lib');
const N = 20_000;
const BOUND_MS = 250;

/**
 * Expressions of lib/checks/template-index.ts that backtrack on adversarial
 * input; the evaluator rewrite of issue 9 replaces them. Each entry is a test
 * expected to fail (`test.failing`): once the rewrite lands, the test passes,
 * jest reports the entry, and the entry is removed from this list.
 */
const PENDING_EVALUATOR_REWRITE: string[] = [];

/** `new RegExp(...)` sites, by file, with why each is safe. */
const DYNAMIC: Record<string, string> = {};

interface Found {
  readonly file: string;
  readonly line: number;
  readonly re: RegExp;
}

function sources(): { literals: Found[]; dynamic: { file: string; line: number; text: string }[] } {
  const files: string[] = [];
  const stack = [LIB];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
    }
  }
  const literals: Found[] = [];
  const dynamic: { file: string; line: number; text: string }[] = [];
  for (const f of files.sort()) {
    const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true);
    const file = path.relative(path.join(LIB, '..'), f).split(path.sep).join('/');
    const visit = (n: ts.Node) => {
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText();
        const slash = text.lastIndexOf('/');
        literals.push({ file, line, re: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
      }
      if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
        dynamic.push({ file, line, text: n.getText() });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}

/** Representative characters of the escapes a source uses. */
const CLASS_CHARS: Record<string, string> = { s: ' \t\n', S: 'a', d: '0', D: 'a', w: 'a_', W: ' -', b: 'a', B: 'a', n: '\n', t: '\t', r: '\r' };

/** The characters of an expression's source, with escapes resolved to what they match. */
function charsOf(source: string): string[] {
  const out = new Set<string>(['a', ' ', '0']);
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const e = source[++i] ?? '';
      for (const x of CLASS_CHARS[e] ?? e) out.add(x);
    } else if (!'^$|()?+*'.includes(c)) {
      out.add(c);
    }
  }
  return [...out].filter((c) => c !== '');
}

/** The runs of literal text in a source (`\$\{` gives `${`), two characters or more. */
function piecesOf(source: string): string[] {
  const out = new Set<string>();
  let cur = '';
  let inClass = false;
  const end = () => {
    for (let len = 2; len <= Math.min(4, cur.length); len++) out.add(cur.slice(0, len));
    if (cur.length >= 2) out.add(cur);
    cur = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const e = source[++i] ?? '';
      if (!inClass && /[^A-Za-z0-9]/.test(e)) cur += e;
      else end();
      continue;
    }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    if (inClass || '^$|()?+*{}.[]'.includes(c)) end();
    else cur += c;
  }
  end();
  return [...out];
}

/** Adversarial inputs for one expression, by length: pumped characters, pairs and pieces, each ended by a character that fails. */
function attacks(re: RegExp): ((n: number) => string)[] {
  const chars = charsOf(re.source);
  const out: ((n: number) => string)[] = [];
  const pump = (unit: string) => {
    const body = (n: number) => unit.repeat(Math.ceil(n / unit.length));
    out.push((n) => body(n) + '\u0000', (n) => body(n) + '!', (n) => '\n' + body(n) + '\u0000');
  };
  for (const c of chars) pump(c);
  const few = chars.slice(0, 10);
  for (const a of few) for (const b of few) if (a !== b) pump(a + b);
  for (const p of piecesOf(re.source)) {
    pump(p);
    pump(p + 'a');
    pump(p + ' ');
  }
  return out;
}

/** Milliseconds one input takes (the best of two runs: a collection or a compilation can land in one). */
function timeOn(re: RegExp, s: string): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const copy = new RegExp(re.source, re.flags);
    const t0 = process.hrtime.bigint();
    if (copy.global || copy.sticky) s.replace(copy, '');
    else copy.test(s);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    if (best < 1) break;
  }
  return best;
}

/**
 * The expression's worst time and input. Every attack is first tried at 500
 * characters (so that even a cubic expression is screened quickly); the three
 * slowest are then grown to N, stopping as soon as one passes the bound.
 */
function worst(re: RegExp): { ms: number; input: string } {
  const screened = attacks(re).map((a) => ({ a, ms: timeOn(re, a(500)) })).sort((x, y) => y.ms - x.ms).slice(0, 3);
  let max = { ms: 0, input: '' };
  for (const { a } of screened) {
    for (let n = 1000; ; n = Math.min(N, n * 2)) {
      const s = a(n);
      const ms = timeOn(re, s);
      if (ms > max.ms) max = { ms, input: JSON.stringify(s.slice(0, 12)) + `... (${s.length} characters)` };
      if (ms > BOUND_MS || n === N) break;
    }
    if (max.ms > BOUND_MS) break;
  }
  return max;
}

const { literals, dynamic } = sources();

describe('regular expressions in lib/', () => {
  test('were found', () => {
    expect(literals.length).toBeGreaterThan(200);
  });

  test('no regular expression is built at run time except the listed ones', () => {
    expect(dynamic.map((d) => d.file).sort()).toEqual(Object.keys(DYNAMIC).sort());
  });

  const key = (f: Found) => `${f.file} ${f.re}`;
  const byFile = new Map<string, Found[]>();
  for (const f of literals) {
    if (PENDING_EVALUATOR_REWRITE.includes(key(f))) continue;
    let l = byFile.get(f.file);
    if (!l) byFile.set(f.file, (l = []));
    l.push(f);
  }

  test.each([...byFile.keys()])('%s: every expression answers adversarial input in bounded time', (file) => {
    const slow = byFile.get(file)!.map((f) => ({ f, w: worst(f.re) })).filter(({ w }) => w.ms > BOUND_MS);
    expect(slow.map(({ f, w }) => `line ${f.line} ${f.re}: ${w.ms.toFixed(0)} ms on ${w.input}`)).toEqual([]);
  });

  for (const entry of PENDING_EVALUATOR_REWRITE) {
    test.failing(`pending the evaluator rewrite (issue 9): ${entry}`, () => {
      const f = literals.find((x) => key(x) === entry);
      expect(f).toBeDefined();
      expect(worst(f!.re).ms).toBeLessThanOrEqual(BOUND_MS);
    });
  }
});
