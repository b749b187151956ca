import { Attestations, Catalog, EvidenceKind } from '../../lib';

const signoff = Catalog.itemsByEvidence(EvidenceKind.ATTESTATION)[0].id;
const ruleItem = Catalog.itemsByEvidence(EvidenceKind.RULE)[0].id;
const doc = (entries: unknown) => JSON.stringify({ attestations: entries });

describe('Attestations', () => {
  test('parses a valid file', () => {
    const a = Attestations.parse(doc([{ item: signoff, by: 'jane@example.com', date: '2026-11-01', note: 'reviewed' }]));
    expect(a).toEqual([{ item: signoff, by: 'jane@example.com', date: '2026-11-01', note: 'reviewed', evidenceUrl: undefined }]);
  });

  test.each([
    ['not JSON', '{', /golive\.attestations\.json: malformed JSON at line 1, column 2/],
    ['not an object', '[]', /expected an object/],
    ['no list', '{}', /"attestations" must be an array/],
    ['entry not an object', doc([1]), /attestations\[0\]: expected an object/],
    ['missing by', doc([{ item: signoff, date: '2026-11-01' }]), /attestations\[0\]\.by: required/],
    ['unknown field', doc([{ item: signoff, by: 'a', date: '2026-11-01', sig: 'x' }]), /attestations\[0\]\.sig: unknown field/],
    ['unknown id', doc([{ item: 'NOPE-ITEM', by: 'a', date: '2026-11-01' }]), /attestations\[0\]\.item: unknown checklist item 'NOPE-ITEM'/],
    ['rule item', doc([{ item: ruleItem, by: 'a', date: '2026-11-01' }]), /evidenced by a rule/],
    ['bad date', doc([{ item: signoff, by: 'a', date: '2026-13-01' }]), /\.date: '2026-13-01' is not a date/],
    ['future date', doc([{ item: signoff, by: 'a', date: '2999-01-01' }]), /lies in the future/],
    ['duplicate', doc([{ item: signoff, by: 'a', date: '2026-11-01' }, { item: signoff, by: 'b', date: '2026-11-02' }]), /attestations\[1\]\.item: .* attested twice/],
    ['note not a string', doc([{ item: signoff, by: 'a', date: '2026-11-01', note: 3 }]), /\.note: must be a string/],
    ['an unknown top-level key', JSON.stringify({ attestations: [], signedBy: 'x' }), /golive\.attestations\.json: unknown top-level key 'signedBy' \(allowed: attestations, \$schema\)/],
    ['a duplicate key', `{"attestations":[{"item":"${signoff}","by":"a","by":"b","date":"2026-11-01"}]}`, /duplicate key 'by' in attestations\[0\] at line 1/],
    ['a javascript: URL', doc([{ item: signoff, by: 'a', date: '2026-11-01', evidenceUrl: 'javascript:alert(1)' }]), /attestations\[0\]\.evidenceUrl: only http and https links are accepted \(got javascript:\)/],
    ['a data: URL', doc([{ item: signoff, by: 'a', date: '2026-11-01', evidenceUrl: 'data:text/html,x' }]), /evidenceUrl: only http and https/],
    ['a relative URL', doc([{ item: signoff, by: 'a', date: '2026-11-01', evidenceUrl: '/tickets/1' }]), /evidenceUrl: not a URL/],
    ['a URL with a password', doc([{ item: signoff, by: 'a', date: '2026-11-01', evidenceUrl: 'https://u:p@ci.example.com/1' }]), /evidenceUrl: a link with a user name or password is refused/],
    ['year 0000', doc([{ item: signoff, by: 'a', date: '0000-01-01' }]), /\.date: '0000-01-01' lies before 2000-01-01/],
    ['a date in 1999', doc([{ item: signoff, by: 'a', date: '1999-12-31' }]), /lies before 2000-01-01/],
    ['tomorrow (in every time zone)', doc([{ item: signoff, by: 'a', date: new Date(Date.now() + 40 * 3600e3).toISOString().slice(0, 10) }]), /lies in the future/],
    ['a 100 MB note', `{"attestations":[{"item":"${signoff}","by":"a","date":"2026-11-01","note":"${'x'.repeat(1024 * 1024)}"}]}`, /over the limit of 1 MiB for an attestations file/],
    ['a long note', doc([{ item: signoff, by: 'a', date: '2026-11-01', note: 'x'.repeat(2001) }]), /attestations\[0\]\.note: 2001 characters, over the limit of 2000/],
    ['a line break in by', doc([{ item: signoff, by: 'a\nb', date: '2026-11-01' }]), /attestations\[0\]\.by: contains control characters or line breaks/],
  ])('refuses %s with the entry and field named', (_name, text, error) => {
    expect(() => Attestations.parse(text as string, 'golive.attestations.json')).toThrow(error as RegExp);
  });

  test('accepts a byte order mark, a $schema, http(s) links, dates from 2000 to today', () => {
    const today = new Date().toISOString().slice(0, 10);
    const text = '\uFEFF' + JSON.stringify({ $schema: './schema.json', attestations: [
      { item: signoff, by: 'a', date: '2000-01-01', evidenceUrl: 'https://ci.example.com/runs/1' },
      { item: Catalog.itemsByEvidence(EvidenceKind.ATTESTATION)[1].id, by: 'b', date: today, evidenceUrl: 'http://wiki.example.com/x', note: 'line one\nline two' },
    ] });
    expect(Attestations.parse(text).map((a) => a.date)).toEqual(['2000-01-01', today]);
  });
});
