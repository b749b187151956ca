import { IConstruct } from 'constructs';
import { THRESHOLDS_CONTEXT_KEY } from '../../checklist/acknowledge';
import { Catalog } from '../../checklist/catalog';
import { ThresholdOverrides, Thresholds } from '../../checklist/thresholds';

/** Metadata type under which a k8s construct records the checklist items it provisions. @internal */
export const K8S_CLAIMS_METADATA_TYPE = 'cdk-golive:items';

/**
 * The error a k8s construct throws for a prop that weakens a checklist item.
 *
 * cdk8s has no acknowledgement mechanism (no `Validations.of(scope).acknowledge`),
 * so a weakening prop is always refused: the synth fails with the item id in the
 * message. To run below an item deliberately, build the resource without the
 * construct (and let `cdk-golive check` report the item as violated).
 * @internal
 */
export function refuse(scope: IConstruct, item: string, prop: string, problem: string): never {
  Catalog.item(item); // an unknown id is a bug in the construct
  throw new Error(`[${item}] ${scope.node.path}: ${prop}: ${problem}. ` +
    `cdk8s has no acknowledgement mechanism, so ${item} cannot be waived on this construct; keep the default.`);
}

/**
 * Record the checklist items a construct provisions (construct metadata).
 * @internal
 */
export function claim(scope: IConstruct, ...items: string[]): void {
  for (const i of items) Catalog.item(i);
  scope.node.addMetadata(K8S_CLAIMS_METADATA_TYPE, items);
}

/**
 * The thresholds in force for a construct: the catalog defaults, tightened by
 * the context `cdk-golive:thresholds` (a JSON object or string) and then by the
 * construct's own prop.
 * @internal
 */
export function thresholdsFor(scope: IConstruct, own?: ThresholdOverrides): Thresholds {
  const ctx = scope.node.tryGetContext(THRESHOLDS_CONTEXT_KEY);
  let fromContext: ThresholdOverrides = {};
  if (ctx !== undefined) {
    fromContext = typeof ctx === 'string' ? JSON.parse(ctx) : ctx;
    Thresholds.of(fromContext); // validates
  }
  return Thresholds.of({ ...fromContext, ...(own ?? {}) });
}

/** DNS-1123 label (names of Services, Deployments, ...). @internal */
export const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Whether an environment variable or config key name carries a secret. A name is
 * secret-looking when one of its words (split on `_`, `-`, `.`) is a secret word
 * (`PASSWORD`, `SECRET`, `TOKEN`, ...) or a secret pair (`API_KEY`, `PRIVATE_KEY`,
 * `ACCESS_KEY`, ...), unless a later word says it only describes the secret
 * (`DB_PASSWORD_FILE`, `TOKEN_URL`, `ACCESS_TOKEN_EXPIRE_MINUTES`, `AWS_ACCESS_KEY_ID`).
 * Kept in step with the checks' copy (`lib/checks/k8s/secrets/secret-names.ts`);
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
