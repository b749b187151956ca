/**
 * Whether an environment variable or config key name carries a secret. A name is
 * secret-looking when one of its words (split on `_`, `-`, `.`) is a secret word
 * (`PASSWORD`, `SECRET`, `TOKEN`, ...) or a secret pair (`API_KEY`, `PRIVATE_KEY`,
 * `ACCESS_KEY`, ...), unless a later word says it only describes the secret
 * (`DB_PASSWORD_FILE`, `TOKEN_URL`, `ACCESS_TOKEN_EXPIRE_MINUTES`, `AWS_ACCESS_KEY_ID`).
 * Shared by the AWS and Kubernetes rules. The construct side has the same function
 * (`lib/k8s/private/guard.ts`), as checks and constructs do not import each other;
 * a test asserts both agree.
 * @internal
 */
export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[_.\-]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const hit = SECRET_WORDS.has(words[i]) || (i > 0 && SECRET_PAIRS.has(`${words[i - 1]}_${words[i]}`));
    if (hit) return !words.slice(i + 1).some((w) => DESCRIPTIVE_WORDS.has(w));
  }
  return false;
}

/** A literal that embeds credentials in a URL (`scheme://user:password@host`). @internal */
export function hasUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.\-]*:\/\/[^\s/@:]*:[^\s/@]+@/i.test(value);
}

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY', 'PASSPHRASE']);
const SECRET_PAIRS = new Set(['API_KEY', 'PRIVATE_KEY', 'ACCESS_KEY', 'AUTH_KEY', 'SIGNING_KEY', 'ENCRYPTION_KEY', 'MASTER_KEY', 'LICENSE_KEY', 'CONNECTION_STRING', 'CONN_STRING', 'CONN_STR']);
const DESCRIPTIVE_WORDS = new Set(['FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'ARN', 'ID', 'REF', 'TTL', 'EXPIRE', 'EXPIRES',
  'EXPIRY', 'EXPIRATION', 'LIFETIME', 'MINUTES', 'SECONDS', 'HOURS', 'DAYS', 'LENGTH', 'LEN', 'MIN', 'MAX', 'ENABLED', 'ENABLE', 'DISABLED', 'REQUIRED',
  'POLICY', 'ROTATION', 'HEADER', 'TYPE', 'ALGORITHM', 'ISSUER', 'AUDIENCE', 'VERSION', 'STORE', 'PROVIDER', 'MOUNT',
  'ARNS', 'IDS', 'NAMES', 'PARAM', 'PARAMETER', 'SSM', 'REGION', 'PREFIX', 'FIELD', 'KMS', 'LOCATION']);
