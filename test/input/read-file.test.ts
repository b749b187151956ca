/**
 * readTextFile decodes ASCII files by a fast path (Latin-1, the same characters) and anything else as UTF-8: the
 * text must be the same as a plain UTF-8 read in both cases, and a byte order mark dropped in the second.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTextFile } from '../../lib/input/read-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function written(name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('readTextFile', () => {
  test.each([
    ['ASCII', '{"Resources":{"K":{"Type":"AWS::KMS::Key","Properties":{"Description":"plain"}}}}'],
    ['Latin-1 characters', '{"Description":"café, naïve, £5"}'],
    ['characters beyond Latin-1', '{"Description":"a dash — and a check ✓ and 🔒"}'],
    ['non-ASCII at the very end', '{"D":"x"}\n€'],
  ])('%s: the same text as a UTF-8 read', (_name, text) => {
    const file = written(`t-${_name.replace(/\W+/g, '-')}.json`, text);
    expect(readTextFile(file)).toBe(text);
    expect(readTextFile(file)).toBe(fs.readFileSync(file, 'utf8'));
  });

  test('files read one after the other, larger and smaller than the last, each read whole', () => {
    const sizes = [10, 300 * 1024, 5, 3 * 1024 * 1024, 2 * 1024 * 1024 - 1, 2 * 1024 * 1024, 0, 70 * 1024];
    sizes.forEach((n, i) => {
      const text = `${i}`.padEnd(n, String.fromCharCode(97 + i)).slice(0, n);
      expect(readTextFile(written(`size-${i}.json`, text))).toBe(text);
    });
    const accented = 'é'.repeat(200 * 1024);
    expect(readTextFile(written('accented.json', accented))).toBe(accented);
    expect(readTextFile(written('after.json', 'ab'))).toBe('ab');
  });

  test('a file over the limit is refused', () => {
    expect(() => readTextFile(written('over.json', 'x'.repeat(1000)), 999)).toThrow(/over\.json: 1000 bytes, over the limit of 999 bytes/);
  });

  test('a byte order mark is dropped before non-ASCII text', () => {
    expect(readTextFile(written('bom.json', '\uFEFF{"D":"é"}'))).toBe('{"D":"é"}');
  });

  test('bytes that are not UTF-8 are refused, ASCII around them or not', () => {
    expect(() => readTextFile(written('latin1.json', Buffer.from('{"D":"caf\xe9"}', 'latin1')))).toThrow(/latin1\.json: not UTF-8 text$/);
  });
});
