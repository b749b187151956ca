/**
 * What a secret-looking name is, shared by the plaintext rules.
 * @internal
 */

/** `dbSecretArn` → `DB_SECRET_ARN`; `api-key` → `API_KEY`. */
export function normaliseName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** Whether a variable or parameter name looks like it holds a secret value (one definition for AWS and Kubernetes rules). @internal */
export { isSecretName } from '../../secret-names';

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

/**
 * Whether a text holds a URL with credentials in it (`scheme://user:password@host`),
 * as `/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i` would find it, in one pass:
 * from each `://`, back over the scheme and forward over `user:password@`
 * (the regular expression restarts at every letter of a long word). @internal
 */
export function hasUrlCredentials(text: string): boolean {
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 1)) {
    let s = at;
    while (s > 0 && /[a-z0-9+.-]/i.test(text[s - 1])) s--;
    // the scheme starts at its first letter
    while (s < at && !/[a-z]/i.test(text[s])) s++;
    if (s === at) continue;
    let i = at + 3;
    const userStart = i;
    while (i < text.length && !/[\s:/@]/.test(text[i])) i++;
    if (i === userStart || text[i] !== ':') continue;
    const passStart = ++i;
    while (i < text.length && !/[\s@/]/.test(text[i])) i++;
    if (i > passStart && text[i] === '@') return true;
  }
  return false;
}
