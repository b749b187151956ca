import { InputError, shown } from '../input/input-error';
import { parseJson } from '../input/strict-json';
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

/** The largest attestations file read: 1 MiB (a note on every attestable item fits many times over). @internal */
export const ATTESTATIONS_MAX_BYTES = 1024 * 1024;

const ALLOWED_KEYS = new Set(['item', 'by', 'date', 'note', 'evidenceUrl']);
const TOP_LEVEL_KEYS = new Set(['attestations', '$schema']);
/** The longest value of each field, in characters. */
const MAX_LENGTH: Record<string, number> = { item: 100, by: 200, date: 10, note: 2000, evidenceUrl: 2048 };
/** The earliest date accepted. */
const EARLIEST = '2000-01-01';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Reads and validates an attestations file (`golive.attestations.json`).
 *
 * Schema: `{ "attestations": [ { "item", "by", "date", "note"?, "evidenceUrl"? } ] }`
 * (and an optional `"$schema"`).
 */
export class Attestations {
  /**
   * Parse and validate the text of an attestations file.
   * @param text the JSON text (a UTF-8 byte order mark is accepted)
   * @param source the file name, used in error messages
   * @throws with the entry index and field named, for malformed JSON, a duplicate
   * key, an unknown top-level key, a file over 1 MiB, a missing, ill-typed or
   * over-long field, control characters, an unknown item id, an item evidenced
   * by a rule, a date that is not YYYY-MM-DD or lies before 2000 or in the
   * future, an evidence URL that is not http(s), or a duplicate item
   */
  public static parse(text: string, source?: string): Attestation[] {
    const where = shown(source ?? ATTESTATIONS_FILE, 400);
    if (text.length > ATTESTATIONS_MAX_BYTES) throw new InputError(`${where}: over the limit of 1 MiB for an attestations file`);
    const doc = parseJson(text, where);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new InputError(`${where}: expected an object { "attestations": [...] }`);
    }
    for (const k of Object.keys(doc)) {
      if (!TOP_LEVEL_KEYS.has(k)) throw new InputError(`${where}: unknown top-level key '${shown(k, 60)}' (allowed: ${[...TOP_LEVEL_KEYS].join(', ')})`);
    }
    const list = (doc as Record<string, unknown>).attestations;
    if (!Array.isArray(list)) {
      throw new InputError(`${where}: "attestations" must be an array`);
    }
    const seen = new Set<string>();
    const latest = latestDate();
    return list.map((entry, i) => {
      const at = `${where}: attestations[${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new InputError(`${at}: expected an object`);
      const e = entry as Record<string, unknown>;
      for (const k of Object.keys(e)) {
        if (!ALLOWED_KEYS.has(k)) throw new InputError(`${at}.${shown(k, 60)}: unknown field (allowed: ${[...ALLOWED_KEYS].join(', ')})`);
      }
      for (const k of ['item', 'by', 'date']) {
        if (typeof e[k] !== 'string' || (e[k] as string).trim() === '') throw new InputError(`${at}.${k}: required, a non-empty string`);
      }
      for (const k of ['note', 'evidenceUrl']) {
        if (e[k] !== undefined && typeof e[k] !== 'string') throw new InputError(`${at}.${k}: must be a string`);
      }
      for (const [k, max] of Object.entries(MAX_LENGTH)) {
        const v = e[k] as string | undefined;
        if (v === undefined) continue;
        if (v.length > max) throw new InputError(`${at}.${k}: ${v.length} characters, over the limit of ${max}`);
        if ((k === 'note' ? CONTROL_BUT_LINES : CONTROL).test(v)) throw new InputError(`${at}.${k}: contains control characters${k === 'note' ? '' : ' or line breaks'}`);
      }
      const item = e.item as string;
      if (!Catalog.has(item)) throw new InputError(`${at}.item: unknown checklist item '${shown(item, 60)}'`);
      if (Catalog.item(item).evidence === EvidenceKind.RULE) {
        throw new InputError(`${at}.item: '${item}' is evidenced by a rule from the template; it cannot be attested (acknowledge a finding instead)`);
      }
      if (Catalog.item(item).evidence === EvidenceKind.LIVE) {
        throw new InputError(`${at}.item: '${item}' is measured on the deployed stack by cdk-golive verify; it cannot be attested`);
      }
      if (seen.has(item)) throw new InputError(`${at}.item: '${item}' is attested twice`);
      seen.add(item);
      const date = e.date as string;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || isNaN(Date.parse(date)) || new Date(date).toISOString().slice(0, 10) !== date) {
        throw new InputError(`${at}.date: '${shown(date, 20)}' is not a date in the form YYYY-MM-DD`);
      }
      if (date < EARLIEST) throw new InputError(`${at}.date: '${date}' lies before ${EARLIEST}`);
      if (date > latest) throw new InputError(`${at}.date: '${date}' lies in the future`);
      const url = e.evidenceUrl as string | undefined;
      if (url !== undefined) checkUrl(url, `${at}.evidenceUrl`);
      return { item, by: e.by as string, date, note: e.note as string | undefined, evidenceUrl: url };
    });
  }
}

/**
 * The latest date accepted: today where it is latest on Earth (UTC+14), so a
 * sign-off dated today in any time zone is not "in the future".
 */
function latestDate(): string {
  return new Date(Date.now() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** An evidence link: an absolute http(s) URL with a host, no credentials, no spaces. */
function checkUrl(url: string, at: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`${at}: not a URL (expected https://...)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InputError(`${at}: only http and https links are accepted (got ${shown(u.protocol, 20)})`);
  if (!/^https?:\/\//i.test(url) || u.hostname === '') throw new InputError(`${at}: an http(s) link needs a host`);
  if (u.username !== '' || u.password !== '') throw new InputError(`${at}: a link with a user name or password is refused (it would publish them in the report)`);
  if (/\s/.test(url)) throw new InputError(`${at}: a link cannot contain spaces`);
}
