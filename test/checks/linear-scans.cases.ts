/**
 * The one-pass scanners that replaced backtracking regular expressions give
 * the answers those expressions gave: compared on many short random texts
 * (seeded) built from the characters that matter, where the old expressions
 * are still fast.
 */
import { hasUrlCredentials } from '../../lib/checklist/policy/secret-names';
import { isTemplated } from '../../lib/checks/k8s/pod-spec';
import { lineIndex } from '../../lib/checks/loader';
import { replaceSubReferences, subReferences } from '../../lib/checks/sub-references';
import { rng } from '../rng';

function texts(pieces: string[], count: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(r() * 12) }, () => pieces[Math.floor(r() * pieces.length)]).join(''));
}

/** The texts on which `a` and `b` disagree. */
function disagreements<T>(list: string[], a: (t: string) => T, b: (t: string) => T): string[] {
  return list.filter((t) => JSON.stringify(a(t)) !== JSON.stringify(b(t)));
}

describe('one-pass scanners match the expressions they replace', () => {
  const sub = texts(['${', '}', '!', 'a', '.', 'AWS::Region', ' ', '$', '{', '\n'], 5000, 1);

  test('subReferences = /\\$\\{([^}]*)\\}/g', () => {
    expect(disagreements(sub, (t) => subReferences(t).map((r) => [r.start, r.inner]), (t) => [...t.matchAll(/\$\{([^}]*)\}/g)].map((m) => [m.index, m[1]]))).toEqual([]);
  });

  test('subReferences(named) = /\\$\\{([^!}][^}]*)\\}/g', () => {
    expect(disagreements(sub, (t) => subReferences(t, true).map((r) => [r.start, r.inner]), (t) => [...t.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => [m.index, m[1]]))).toEqual([]);
  });

  test('replaceSubReferences = String.replace', () => {
    expect(disagreements(sub, (t) => replaceSubReferences(t, (m, i) => `<${i}|${m.length}>`, true), (t) => t.replace(/\$\{([^!}][^}]*)\}/g, (m, i) => `<${i}|${m.length}>`))).toEqual([]);
  });

  test('hasUrlCredentials = /[a-z0-9+.-]:\\/\\/[^\\s:/@]*:[^\\s@/]+@/i (the user may be empty: redis://:pw@host)', () => {
    const list = texts(['https', '1', '+', '://', 'u', ':', 'p', '@', '/', ' ', 'H', '-', '.', 'x:y@', 'a://'], 20000, 2);
    expect(list.filter(hasUrlCredentials).length).toBeGreaterThan(50);
    expect(disagreements(list, hasUrlCredentials, (t) => /[a-z0-9+.-]:\/\/[^\s:/@]*:[^\s@/]+@/i.test(t))).toEqual([]);
  });

  test('lineIndex = the first line matching /^[ \\t]*"?([A-Za-z0-9]+)"?[ \\t]*:/gm per resource', () => {
    const resources = { A: {}, B1: {}, constructor: {}, ab: {} };
    const byExpression = (t: string) => {
      const out: Record<string, number> = {};
      for (const m of t.matchAll(/^[ \t]*"?([A-Za-z0-9]+)"?[ \t]*:/gm)) {
        if (Object.prototype.hasOwnProperty.call(resources, m[1]) && out[m[1]] === undefined) out[m[1]] = t.slice(0, m.index).split('\n').length;
      }
      return out;
    };
    const pieces = ['A', 'B1', 'ab', 'constructor', 'x', '"', ':', ' ', '\t', '\n', '\n', '{', '"A":', 'B1 :', '\n "ab":'];
    // Lines ended by \n only (the one pass), and by \r, \r\n or \u2028 too (the expression).
    const list = [...texts(pieces, 20000, 4), ...texts([...pieces, '\r\n', '\r', '\u2028'], 5000, 5)];
    expect(list.filter((t) => Object.keys(lineIndex(t, resources)).length > 1).length).toBeGreaterThan(1000);
    expect(disagreements(list, (t) => lineIndex(t, resources), byExpression)).toEqual([]);
  });

  test('isTemplated = /\\{\\{.*\\}\\}|\\$\\{[^}]+\\}/', () => {
    const list = texts(['{{', '}}', '{', '}', '${', 'x', '\n', ' '], 20000, 3);
    expect(disagreements(list, isTemplated, (t) => /\{\{.*\}\}|\$\{[^}]+\}/.test(t))).toEqual([]);
  });
});
