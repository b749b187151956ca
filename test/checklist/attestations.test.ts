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
    ['not JSON', '{', /not valid JSON/],
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
  ])('refuses %s with the entry and field named', (_name, text, error) => {
    expect(() => Attestations.parse(text as string, 'golive.attestations.json')).toThrow(error as RegExp);
  });
});
