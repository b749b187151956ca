/**
 * What a secret-looking name is, shared by the plaintext rules.
 * @internal
 */

/** `dbSecretArn` → `DB_SECRET_ARN`; `api-key` → `API_KEY`. */
export function normaliseName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** Whether a variable or parameter name looks like it holds a secret value (one definition for AWS and Kubernetes rules). @internal */
export { isSecretName } from '../../checklist/policy/secret-names';

/**
 * Whether a literal value is obviously not a secret: empty, a boolean, an ARN,
 * or a Secrets Manager / SSM reference by name.
 * @internal
 */
export function isHarmlessLiteral(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value !== 'string') return false;
  const v = value.trim();
  return v === '' || /^(true|false)$/i.test(v) || /^arn:aws[a-z-]*:/.test(v);
}

/** A URL with credentials in it (`scheme://user:password@host`). @internal */
export const URL_WITH_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i;
