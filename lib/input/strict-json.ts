import { InputError, shown } from './input-error';

/**
 * JSON for untrusted input: `JSON.parse` (native, and iterative in V8, so a
 * 10,000-deep document parses) with what it lacks:
 * - a UTF-8 byte order mark is accepted;
 * - a duplicate key is refused, naming the key, where it is and its line
 *   (`JSON.parse` silently keeps the last value);
 * - a syntax error is reported by line and column and what was expected,
 *   never with the text around it (Node 22's messages quote the input, which
 *   could be a file that should not be shown).
 *
 * The fast path costs one scan of the text for the keys and one walk of the
 * value: the keys in the text are counted (a string followed by `:`), the keys
 * of the parsed value too; they differ only when a key was repeated. Only then,
 * or on a syntax error, does the precise (slower, iterative) scanner run.
 * @internal
 */
export function parseJson(text: string, name: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw scan(text, name) ?? new InputError(`${name}: malformed JSON`);
  }
  if (keysInText(text) !== keysInValue(value)) {
    const e = scan(text, name);
    if (e) throw e;
  }
  return value;
}

/** How many strings in the text are followed by `:` (in valid JSON: the keys). */
function keysInText(text: string): number {
  let n = 0;
  let i = text.indexOf('"');
  while (i !== -1) {
    let j = text.indexOf('"', i + 1);
    // a quote preceded by an odd number of backslashes is escaped
    for (;;) {
      let b = j - 1;
      while (text.charCodeAt(b) === BACKSLASH) b--;
      if ((j - 1 - b) % 2 === 0) break;
      j = text.indexOf('"', j + 1);
    }
    let k = j + 1;
    while (isSpace(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === COLON) n++;
    i = text.indexOf('"', k);
  }
  return n;
}

/** How many keys the parsed value has, over all its objects (iterative). */
function keysInValue(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') stack.push(v[i]);
      continue;
    }
    for (const k in v) {
      n++;
      const c = (v as Record<string, unknown>)[k];
      if (c !== null && typeof c === 'object') stack.push(c);
    }
  }
  return n;
}

const BACKSLASH = 92;
const COLON = 58;
const QUOTE = 34;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** One open object or array while scanning: the keys seen (objects), the index (arrays), the path to it. */
interface Frame {
  readonly keys?: Set<string>;
  /** The key being read (objects). */
  key: string;
  index: number;
  readonly path: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * The precise scanner: the first syntax error or duplicate key of the text, as
 * an InputError with its line and column, or undefined if the text is valid
 * JSON without duplicate keys. Iterative: an explicit stack of open containers.
 */
function scan(text: string, name: string): InputError | undefined {
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;
  const at = (what: string, pos = i) => {
    const { line, column } = lineColumn(text, pos);
    return new InputError(`${name}: malformed JSON at line ${line}, column ${column}: ${pos >= n ? 'unexpected end of the text' : what}`);
  };
  const ws = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };
  /** i at the opening quote; returns the index after the closing quote, or an error. */
  const string = (): number | InputError => {
    let j = i + 1;
    for (;;) {
      if (j >= n) return at('unterminated string', n);
      const c = text.charCodeAt(j);
      if (c === QUOTE) return j + 1;
      if (c < 0x20) return at('a control character inside a string (escape it)', j);
      if (c === BACKSLASH) {
        const e = text.charCodeAt(j + 1);
        if (e === 117 /* u */) {
          HEX4.lastIndex = j + 2;
          if (!HEX4.test(text)) return at('\\u must be followed by four hex digits', j);
          j += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[j + 1] ?? '')) return at('an invalid escape in a string', j);
        j += 2;
        continue;
      }
      j++;
    }
  };

  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return at('');
      const c = text[i];
      const top = stack[stack.length - 1];
      const here = !top ? '' : top.keys ? `${top.path}${top.path ? '.' : ''}${top.key}` : `${top.path}[${top.index}]`;
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
          continue;
        }
        const frame: Frame = { keys: c === '{' ? new Set() : undefined, key: '', index: 0, path: here };
        stack.push(frame);
        if (c === '{') {
          const e = key(frame);
          if (e) return e;
        }
        continue;
      }
      if (c === '"') {
        const end = string();
        if (typeof end !== 'number') return end;
        i = end;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return at('an invalid number');
        i = NUMBER.lastIndex;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return at('unexpected character where a value was expected');
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) return i < n ? at('unexpected content after the JSON value') : undefined;
    const c = text[i];
    if (c === ',') {
      i++;
      if (top.keys) {
        const e = key(top);
        if (e) return e;
      } else {
        top.index++;
        expectValue = true;
      }
      continue;
    }
    if (c === (top.keys ? '}' : ']')) {
      i++;
      stack.pop();
      continue;
    }
    return at(top.keys ? 'expected \',\' or \'}\'' : 'expected \',\' or \']\'');
  }

  /** Read `"key" :` of an object; refuse a key the object already has. */
  function key(frame: Frame): InputError | undefined {
    ws();
    if (text.charCodeAt(i) !== QUOTE) return at('expected a property name in double quotes');
    const start = i;
    const end = string();
    if (typeof end !== 'number') return end;
    const k = JSON.parse(text.slice(start, end)) as string;
    if (frame.keys!.has(k)) {
      const { line, column } = lineColumn(text, start);
      return new InputError(`${name}: duplicate key '${shown(k, 60)}'${frame.path ? ` in ${shown(frame.path, 100)}` : ''} at line ${line}, column ${column}`);
    }
    frame.keys!.add(k);
    frame.key = k;
    i = end;
    ws();
    if (text[i] !== ':') return at('expected \':\' after a property name');
    i++;
    expectValue = true;
    return undefined;
  }
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < pos; j = text.indexOf('\n', j + 1)) {
    line++;
    start = j + 1;
  }
  return { line, column: Math.min(pos, text.length) - start + 1 };
}
