import { Catalog } from './catalog';
import { EvidenceKind } from './types';

/**
 * One attestation: a person (or a CI run) vouches for a checklist item that no
 * template can show.
 */
export interface Attestation {
  /** Catalog item id, e.g. `SIGNOFF-SECURITY-LEAD`. Must be an attestation or pipeline item. */
  readonly item: string;
  /** Who attests: a name, an email, or a CI job. */
  readonly by: string;
  /** When, as an ISO date `YYYY-MM-DD`. */
  readonly date: string;
  /** Free text: what was checked. @default - none */
  readonly note?: string;
  /** A link to the evidence (a ticket, a CI run, a document). @default - none */
  readonly evidenceUrl?: string;
}

/** The conventional file name of the attestations file, committed beside the app. */
export const ATTESTATIONS_FILE = 'golive.attestations.json';

const ALLOWED_KEYS = new Set(['item', 'by', 'date', 'note', 'evidenceUrl']);

/**
 * Reads and validates an attestations file (`golive.attestations.json`).
 *
 * Schema: `{ "attestations": [ { "item", "by", "date", "note"?, "evidenceUrl"? } ] }`.
 */
export class Attestations {
  /**
   * Parse and validate the text of an attestations file.
   * @param text the JSON text
   * @param source the file name, used in error messages
   * @throws with the entry index and field named, for malformed JSON, a missing or
   * ill-typed field, an unknown item id, an item evidenced by a rule, a date that is
   * not YYYY-MM-DD or lies in the future, or a duplicate item
   */
  public static parse(text: string, source?: string): Attestation[] {
    const where = source ?? ATTESTATIONS_FILE;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new Error(`${where}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new Error(`${where}: expected an object { "attestations": [...] }`);
    }
    const list = (doc as Record<string, unknown>).attestations;
    if (!Array.isArray(list)) {
      throw new Error(`${where}: "attestations" must be an array`);
    }
    const seen = new Set<string>();
    const today = new Date().toISOString().slice(0, 10);
    return list.map((entry, i) => {
      const at = `${where}: attestations[${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${at}: expected an object`);
      const e = entry as Record<string, unknown>;
      for (const k of Object.keys(e)) {
        if (!ALLOWED_KEYS.has(k)) throw new Error(`${at}.${k}: unknown field (allowed: ${[...ALLOWED_KEYS].join(', ')})`);
      }
      for (const k of ['item', 'by', 'date']) {
        if (typeof e[k] !== 'string' || (e[k] as string).trim() === '') throw new Error(`${at}.${k}: required, a non-empty string`);
      }
      for (const k of ['note', 'evidenceUrl']) {
        if (e[k] !== undefined && typeof e[k] !== 'string') throw new Error(`${at}.${k}: must be a string`);
      }
      const item = e.item as string;
      if (!Catalog.has(item)) throw new Error(`${at}.item: unknown checklist item '${item}'`);
      if (Catalog.item(item).evidence === EvidenceKind.RULE) {
        throw new Error(`${at}.item: '${item}' is evidenced by a rule from the template; it cannot be attested (acknowledge a finding instead)`);
      }
      if (Catalog.item(item).evidence === EvidenceKind.LIVE) {
        throw new Error(`${at}.item: '${item}' is measured on the deployed stack by cdk-golive verify; it cannot be attested`);
      }
      if (seen.has(item)) throw new Error(`${at}.item: '${item}' is attested twice`);
      seen.add(item);
      const date = e.date as string;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || isNaN(Date.parse(date)) || new Date(date).toISOString().slice(0, 10) !== date) {
        throw new Error(`${at}.date: '${date}' is not a date in the form YYYY-MM-DD`);
      }
      if (date > today) throw new Error(`${at}.date: '${date}' lies in the future`);
      return { item, by: e.by as string, date, note: e.note as string | undefined, evidenceUrl: e.evidenceUrl as string | undefined };
    });
  }
}
