import { memoize } from '../memo';
import { secretTokenIn } from './secret-values';

/**
 * Whether an environment variable, config key or template parameter name carries a
 * secret value, judged by what the name means, not by the substrings it contains.
 *
 * A name is split into words (on `_`, `-`, `.` and camelCase). It is secret-looking
 * when one of its words is a secret word (`PASSWORD`, `SECRET`, `TOKEN`, ...), ends
 * in one after a prefix (`PGPASSWORD`, `DBPASSWORD`: see endsInSecretWord) or is a
 * secret pair (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, ...), unless
 * - a later word makes the name describe the secret rather than hold it: where it
 *   lives (`DB_PASSWORD_FILE`, `TOKEN_URL`, `DB_SECRET_ARN`, `SECRET_STACK`), how it
 *   is shaped or governed (`PASSWORD_MIN_LENGTH`, `MAX_PASSWORD_AGE`,
 *   `PASSWORD_REUSE_PREVENTION`, `ACCESS_TOKEN_EXPIRE_MINUTES`), or an identifier
 *   of something else (`AWS_ACCESS_KEY_ID`, `ENCRYPTION_KEY_ARN`);
 * - the name is a setting about the secret: it starts with a verb or a flag word
 *   (`ALLOW_USERS_TO_CHANGE_PASSWORD`, `ENABLE_API_KEY`, `REQUIRE_TOKEN`,
 *   `USE_SECRET`, `IS_SECRET`, `MAX_PASSWORD_AGE`, `MIN_PASSWORD_LENGTH`).
 * Shared by the AWS and Kubernetes rules.
 * @internal
 */
export function isSecretName(name: string): boolean {
  // Rules ask of the same few names (variables, parameters) on every resource: each answered once.
  return secretNameAnswer(name);
}

const secretNameAnswer = memoize(judgeName);

function judgeName(name: string): boolean {
  const words = nameWords(name);
  for (let i = 0; i < words.length; i++) {
    const pair = i > 0 && SECRET_PAIRS.has(`${words[i - 1]}_${words[i]}`);
    // `DB_PASS`, `SMTP_PWD`: short forms count only as the last word after another (`PWD` alone is the working
    // directory, `PASS_THROUGH` a mode).
    const short = i > 0 && i === words.length - 1 && SHORT_SECRET_WORDS.has(words[i]);
    if (!SECRET_WORDS.has(words[i]) && !pair && !short && !endsInSecretWord(words[i])) continue;
    if (words.slice(i + 1).some((w) => DESCRIPTIVE_WORDS.has(w))) return false;
    // A name that starts with a verb or a flag word, before the secret, is a setting about the secret.
    const start = pair ? i - 1 : i;
    return !(start > 0 && SETTING_WORDS.has(words[0]));
  }
  return false;
}

/**
 * A word run together from a short prefix (2 to 16 letters or digits) and a secret word (`PGPASSWORD`, libpq's;
 * `DBPASSWORD`, `ROOTPASSWORD`, `CLIENTSECRET`, `GITHUBTOKEN`): the prefix names whose secret it is. Not when
 * the prefix is a verb or flag word, or a negation (`NOPASSWORD`, `USEPASSWORD`: settings about the secret).
 */
function endsInSecretWord(word: string): boolean {
  for (const w of SUFFIX_SECRET_WORDS) {
    if (word.length < w.length + 2 || word.length > w.length + MAX_PREFIX || !word.endsWith(w)) continue;
    const prefix = word.slice(0, word.length - w.length);
    return !SETTING_WORDS.has(prefix) && !NEGATIONS.has(prefix);
  }
  return false;
}

/**
 * The upper-case words of a name, in one linear pass: separators are anything
 * but letters and digits, and camelCase boundaries (`maxPasswordAge` → MAX,
 * PASSWORD, AGE; `DBPassword` → DB, PASSWORD; `KMSKeyId` → KMS, KEY, ID).
 * @internal
 */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  const kind = (c: string | undefined): number => (c === undefined ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : c >= '0' && c <= '9' ? 3 : 0);
  for (let i = 0; i < name.length; i++) {
    const k = kind(name[i]);
    if (k === 0) {
      if (cur) words.push(cur.toUpperCase());
      cur = '';
      continue;
    }
    const prev = kind(name[i - 1]);
    // aB, 1B: a new word; ABc: the B starts a new word after the acronym A.
    const boundary = k === 2 && cur !== '' && (prev === 1 || prev === 3 || (prev === 2 && kind(name[i + 1]) === 1));
    if (boundary) {
      words.push(cur.toUpperCase());
      cur = '';
    }
    cur += name[i];
  }
  if (cur) words.push(cur.toUpperCase());
  return words;
}

/**
 * Whether a literal embeds credentials in a URL: `scheme://user:password@host`,
 * the user possibly empty (`redis://:p4ss@cache:6379`), anywhere in the value
 * (`jdbc:postgresql://app:pw@db/app`); a password that is a placeholder
 * (`${DB_PASSWORD}`, `$(DB_PASSWORD)`, `$DB_PASSWORD`, `{{...}}`, `<...>`) is
 * not one. One linear scan: no regular expression that could backtrack on a
 * hostile value.
 * @internal
 */
export function hasUrlCredentials(value: string): boolean {
  let from = 0;
  for (;;) {
    const at = value.indexOf('://', from);
    if (at < 0) return false;
    from = at + 3;
    if (at === 0 || !/[a-z0-9+.-]/i.test(value[at - 1])) continue; // no scheme before ://
    let colon = -1;
    let i = from;
    for (; i < value.length; i++) {
      const c = value[i];
      if (c === '@' || c === '/' || /\s/.test(c)) break;
      if (c === ':' && colon < 0) colon = i;
    }
    // userinfo ends at '@' and holds a non-empty password after its first ':', one that is not a placeholder.
    if (i < value.length && value[i] === '@' && colon >= 0 && i > colon + 1 && !isPasswordPlaceholder(value.substring(colon + 1, i))) return true;
  }
}

/**
 * A URL password that is a slot filled later, not a password: `${DB_PASSWORD}`
 * (the application or a shell expands it; CloudFormation only inside Fn::Sub),
 * `$(DB_PASSWORD)` (Kubernetes expands a dependent variable), `$DB_PASSWORD`,
 * `{{ .Values.password }}`, `<password>`.
 */
function isPasswordPlaceholder(p: string): boolean {
  const enclosed = (open: string, close: string) => p.length > open.length + close.length && p.startsWith(open) && p.endsWith(close);
  if (enclosed('${', '}') || enclosed('$(', ')') || enclosed('{{', '}}') || enclosed('<', '>')) return true;
  if (p[0] !== '$' || p.length < 2) return false;
  for (let i = 1; i < p.length; i++) {
    const c = p[i];
    const ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || (i > 1 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

/**
 * Whether a literal value is obviously not a secret: empty, a boolean, an ARN
 * (`true`, `false`, `arn:aws:secretsmanager:...`).
 * @internal
 */
export function isHarmlessLiteral(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value !== 'string') return false;
  const v = value.trim();
  return v === '' || /^(true|false)$/i.test(v) || /^arn:aws[a-z-]*:/.test(v);
}

/**
 * Why a variable written as a literal (`name=value` in an environment, a
 * ConfigMap, a construct prop) puts a secret in plain text, or undefined when
 * it does not: a URL with credentials or a well-known secret token format
 * (secret-values.ts), whatever the name; a secret-looking name with a value
 * that is not harmless (empty, a boolean, an ARN). The one
 * predicate of SECRETS-NO-PLAINTEXT for literals, in constructs and checks.
 * @internal
 */
export function literalSecretProblem(name: string, value: unknown): string | undefined {
  if (typeof value === 'string' && hasUrlCredentials(value)) return 'a URL with a password in it';
  const token = typeof value === 'string' ? secretTokenIn(value) : undefined;
  if (token) return `the value holds ${token}`;
  if (isSecretName(name) && !isHarmlessLiteral(value)) return 'a secret-looking name with a literal value';
  return undefined;
}

/** A field of a JSON document whose secret-looking key holds a literal: `{ path: 'db.password', value }`. @internal */
export interface LiteralField {
  readonly path: string;
  readonly value: string | number;
}

/**
 * The secret-looking fields of a JSON document (a secret's SecretString or
 * SecretStringTemplate, AppSecret's `jsonFields`) whose values are literals,
 * and the fields of any name holding a URL with a literal password or a well-known token format, at any depth, skipping the path `except` (the generated key). A string for
 * which `computed` says true is a value computed at deploy time (a token, a
 * `${...}` reference), not a literal. Bounded: at most 10,000 objects.
 * @internal
 */
export function literalSecretFieldsOf(doc: object, except?: string, computed: (value: string) => boolean = () => false): LiteralField[] {
  const out: LiteralField[] = [];
  const stack: [string, unknown][] = [['', doc]];
  let budget = 10000;
  while (stack.length > 0 && budget-- > 0) {
    const [path, node] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (v !== null && typeof v === 'object') { stack.push([p, v]); continue; }
      if (p === except) continue;
      // any field: a URL with a literal password (postgres://app:hunter2@db) or a well-known token format
      // (secret-values.ts) is a secret whatever its name
      if (typeof v === 'string' && !computed(v) && (hasUrlCredentials(v) || secretTokenIn(v) !== undefined)) { out.push({ path: p, value: v }); continue; }
      if (!isSecretName(k)) continue;
      if ((typeof v === 'string' && !computed(v) && !isHarmlessLiteral(v)) || typeof v === 'number') out.push({ path: p, value: v });
    }
  }
  return out;
}

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY', 'PASSPHRASE']);
const SECRET_PAIRS = new Set(['API_KEY', 'PRIVATE_KEY', 'ACCESS_KEY', 'AUTH_KEY', 'SIGNING_KEY', 'ENCRYPTION_KEY', 'MASTER_KEY', 'LICENSE_KEY', 'CONNECTION_STRING', 'CONN_STRING', 'CONN_STR',
  'SESSION_KEY', 'HMAC_KEY', 'JWT_KEY', 'COOKIE_KEY', 'WEBHOOK_KEY']);
/** Secret words that also end a word run together with a prefix (`PGPASSWORD`, `CLIENTSECRET`): see endsInSecretWord. */
const SUFFIX_SECRET_WORDS = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'PASSPHRASE', 'CREDENTIALS', 'CREDENTIAL', 'APIKEY', 'PRIVATEKEY'];
/** The longest prefix run together with a secret word that still makes one name (`RABBITMQPASSWORD`). */
const MAX_PREFIX = 16;
/** Prefixes that negate the secret word after them (`NOPASSWORD`, `NONSECRET`). */
const NEGATIONS = new Set(['NO', 'NON', 'NOT', 'WITHOUT']);
/** Short forms of a password, secret only as the last word of a longer name (`DB_PASS`, `SMTP_PWD`). */
const SHORT_SECRET_WORDS = new Set(['PASS', 'PWD', 'PW']);
/** Words after the secret word that make the name describe the secret: where it is, its shape, its policy, an identifier. */
const DESCRIPTIVE_WORDS = new Set([
  // where the secret lives, or an identifier of it
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'ARN', 'ID', 'REF', 'STORE', 'PROVIDER', 'MOUNT',
  'ARNS', 'IDS', 'NAMES', 'PARAM', 'PARAMETER', 'SSM', 'REGION', 'PREFIX', 'FIELD', 'KMS', 'LOCATION', 'ALIAS', 'STACK', 'TEMPLATE',
  // its lifetime and shape
  'TTL', 'EXPIRE', 'EXPIRES', 'EXPIRY', 'EXPIRATION', 'LIFETIME', 'MINUTES', 'SECONDS', 'HOURS', 'DAYS', 'AGE',
  'LENGTH', 'LEN', 'MIN', 'MAX', 'SIZE', 'CHARS', 'CHARACTERS', 'COMPLEXITY', 'STRENGTH', 'FORMAT', 'PATTERN',
  // the policy that governs it
  'ENABLED', 'ENABLE', 'DISABLED', 'REQUIRED', 'POLICY', 'ROTATION', 'REUSE', 'PREVENTION', 'HISTORY', 'ATTEMPTS', 'RETRIES',
  'COUNT', 'HEADER', 'TYPE', 'ALGORITHM', 'ISSUER', 'AUDIENCE', 'VERSION', 'GENERATION',
]);
/** First words that make a name a setting (a flag, a limit, a verb) about the secret that follows. */
const SETTING_WORDS = new Set(['ALLOW', 'ALLOWS', 'ENABLE', 'DISABLE', 'REQUIRE', 'REQUIRES', 'USE', 'IS', 'HAS', 'SHOULD', 'CAN', 'MUST',
  'SKIP', 'FORCE', 'GENERATE', 'ROTATE', 'EXCLUDE', 'INCLUDE', 'HIDE', 'SHOW', 'VALIDATE', 'VERIFY', 'MAX', 'MIN', 'MAXIMUM', 'MINIMUM', 'NUM']);

/** `dbPassword` → `DB_PASSWORD`: setting names in one case style, as the word lists match them. @internal */
export function normaliseName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}
