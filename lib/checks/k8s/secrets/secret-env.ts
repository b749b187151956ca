/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sRule, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { hasUrlCredentials, isHarmlessLiteral, isSecretName } from '../../../checklist/policy/secret-names';
import { AWS_KEY_PAIR, awsKeyPairIn, secretTokenIn } from '../../../checklist/policy/secret-values';

/**
 * SECRETS-NO-PLAINTEXT (configuration): no container env var with a
 * secret-looking name (`*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, ...) carries a
 * literal `value` (empty included), no literal embeds URL credentials, and no
 * ConfigMap key does either (`binaryData` included, read once decoded); a
 * one-line value is also read as a connection string or URL query, whose
 * `;`, `?` and `&` separate `key=value` pairs (`...?user=app&password=x`,
 * `Server=db;Password=x` fail like a config file line):
 * secrets reach the pod through `valueFrom.secretKeyRef`, `envFrom.secretRef` or a secret volume.
 *
 * A ConfigMap value that is a config file (`application.properties`, `.env`,
 * YAML) is read line by line: a `key=value` or `key: value` line whose key
 * (one word, dotted or not: `spring.datasource.password`, `export DB_TOKEN`,
 * `"password"`) is secret-looking and whose value is a literal fails. Not
 * literals: empty values, booleans, ARNs, `null`/`~`, YAML block starts
 * (`|`, `>`), placeholders (`${DB_PASSWORD}`, `{{ .Values.x }}`, `$DB_PASSWORD`,
 * `#{...}`, `%(x)s`, `<password>`), ciphertext (`ENC(...)`, `{cipher}...`),
 * redactions (`****`), and comment lines (`#`, `!`, `;`, `//`).
 *
 * Whatever the name or key, a value that holds a well-known secret token
 * (lib/checklist/policy/secret-values.ts: Stripe, GitHub, GitLab, Slack, npm,
 * a PEM private key) fails, and so do the values of one container's env or one
 * ConfigMap that together hold an AWS access key pair. A URL password that the
 * kubelet or the application fills in (`$(DB_PASSWORD)`, `${DB_PASSWORD}`) is
 * not a literal password.
 *
 * A ConfigMap is plain text too: a secret-looking variable read from one
 * (`valueFrom.configMapKeyRef`) fails whatever the ConfigMap holds, and so does
 * one that `envFrom.configMapRef` builds from a ConfigMap in the manifests
 * (the variable is `prefix` + key: `prefix: DB_` and key `PASS` make
 * `DB_PASS`) with a value. `envFrom` from a ConfigMap not in the manifests
 * (`optional` or not: it sets them where it exists) is unknown: the variables
 * it sets are not shown.
 *
 * A container's `command` and `args` are plain text too (in the pod spec, and
 * on the node in the process's command line): a secret-looking flag given a
 * literal (`--requirepass s3cret`, `--db-password=s3cret`, redis's
 * `--masterauth`), a shell assignment (`PGPASSWORD=s3cret psql ...` in an
 * `sh -c` script), a URL with credentials or a well-known token fails, as in
 * env. A value the kubelet or the shell fills in (`$(REDIS_PASSWORD)` from a
 * secretKeyRef variable, `${TOKEN}`), a path (`--token-file`, or
 * `--webhook-key=/certs/key`: a file holding the secret) and a boolean are not
 * literals.
 */
export const K8sSecretEnv: K8sRule = {
  id: 'K8sSecretEnv',
  items: ['SECRETS-NO-PLAINTEXT'],
  kinds: [...POD_KINDS, 'ConfigMap'],
  severity: Severity.CRITICAL,
  description: 'Secret-looking env vars, ConfigMap keys and command-line flags (command, args) never hold literal values nor come from a ConfigMap (configMapKeyRef, envFrom), and no env value, argument or ConfigMap entry holds a URL with credentials or a well-known secret token (Stripe, GitHub, GitLab, Slack, npm, PEM private key, AWS access key pair); secrets come through secretKeyRef.',
  fix: 'Move the value into a Secret (from an ExternalSecret) and reference it: env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name, key } } }] (in args: --requirepass $(DB_PASSWORD)).',
  check(obj, ctx) {
    if (obj.kind === 'ConfigMap') {
      const bad = Object.entries<any>(obj.doc.data ?? {}).flatMap(([k, v]): string[] => {
        if ((isSecretName(k) && v !== '') || (typeof v === 'string' && hasUrlCredentials(v))) return [k];
        const token = typeof v === 'string' ? secretTokenIn(v) : undefined;
        if (token) return [`${k} (${token})`];
        const keys = typeof v === 'string' ? embeddedSecretKeys(v.includes('\n') ? v : connectionPairs(v)) : [];
        return keys.length > 0 ? [`${k} (${keys.join(', ')})`] : [];
      });
      const dataEntries = Object.entries<any>(obj.doc.data ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
      const pair = awsKeyPairIn(dataEntries.map(([, v]) => v));
      if (pair.length > 0) bad.push(`${pair.map((i) => dataEntries[i][0]).join(', ')} (${AWS_KEY_PAIR})`);
      if (bad.length > 0) return k8sFail(`data.${bad[0].split(' (')[0]}`, undefined, `ConfigMap holds secret-looking values in plain text: ${bad.join(', ')}`);
      // binaryData is base64, not encryption: its keys and decoded text are read the same way.
      const badBinary = Object.entries<any>(obj.doc.binaryData ?? {}).flatMap(([k, v]): string[] => {
        if (isSecretName(k) && v !== '') return [k];
        const text = typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';
        if (hasUrlCredentials(text)) return [k];
        const token = secretTokenIn(text);
        if (token) return [`${k} (${token})`];
        const keys = embeddedSecretKeys(text);
        return keys.length > 0 ? [`${k} (${keys.join(', ')})`] : [];
      });
      if (badBinary.length > 0) return k8sFail(`binaryData.${badBinary[0].split(' (')[0]}`, undefined, `ConfigMap binaryData holds secret-looking values (base64 is not encryption): ${badBinary.join(', ')}`);
      return k8sPass('data', undefined, 'no secret-looking key, assignment or credential URL');
    }
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const bad: { prop: string; what: string }[] = [];
    const unseen: { prop: string; what: string }[] = [];
    let refs = 0;
    for (const c of containersOf(tpl, true)) {
      const literals: { name: string; value: string; i: number }[] = [];
      (Array.isArray(c.container.env) ? c.container.env : []).forEach((e: any, i: number) => {
        if (!e || typeof e !== 'object') return;
        if (e.valueFrom?.secretKeyRef) refs++;
        // A ConfigMap is plain text: a secret-looking variable read from one is a secret kept in plain text.
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef && typeof cmRef === 'object' && isSecretName(String(e.name))) {
          bad.push({ prop: `${c.path}.env.${i}.valueFrom.configMapKeyRef`, what: `${c.name}: ${e.name} is read from ConfigMap ${String(cmRef.name)} (plain text)` });
        }
        if (e.value === undefined || e.valueFrom) return;
        const literal = String(e.value);
        literals.push({ name: String(e.name), value: literal, i });
        const token = secretTokenIn(literal);
        if (isSecretName(String(e.name))) bad.push({ prop: `${c.path}.env.${i}.value`, what: `${c.name}: ${e.name} is a literal` });
        else if (hasUrlCredentials(literal)) bad.push({ prop: `${c.path}.env.${i}.value`, what: `${c.name}: ${e.name} embeds credentials in a URL` });
        else if (token) bad.push({ prop: `${c.path}.env.${i}.value`, what: `${c.name}: ${e.name} holds ${token}` });
        else {
          const keys = embeddedSecretKeys(connectionPairs(literal));
          if (keys.length > 0) bad.push({ prop: `${c.path}.env.${i}.value`, what: `${c.name}: ${e.name} embeds ${keys.join(', ')} in a connection string` });
        }
      });
      bad.push(...commandLineSecrets(c.container, c.path, c.name));
      const pair = awsKeyPairIn(literals.map((l) => l.value));
      if (pair.length > 0) bad.push({ prop: `${c.path}.env.${literals[pair[0]].i}.value`, what: `${c.name}: ${pair.map((p) => literals[p].name).join(', ')} hold ${AWS_KEY_PAIR}` });
      refs += (c.container.envFrom ?? []).filter((f: any) => f?.secretRef).length;
      // envFrom names each variable `prefix` + the ConfigMap's key: a prefix can make a harmless key secret-looking.
      (Array.isArray(c.container.envFrom) ? c.container.envFrom : []).forEach((f: any, i: number) => {
        const ref = f?.configMapRef;
        if (!ref || typeof ref !== 'object') return;
        const prop = `${c.path}.envFrom.${i}.configMapRef`;
        const prefix = typeof f.prefix === 'string' ? f.prefix : '';
        const cm = ref.name === undefined || ref.name === null ? undefined : ctx.index.get('ConfigMap', obj.namespace, String(ref.name));
        if (!cm) {
          unseen.push({ prop, what: `${c.name} takes its environment from ConfigMap ${String(ref.name)}, not in the manifests: its keys (the variables' names) and values are not shown` });
          return;
        }
        const named = Object.entries<any>(cm.doc.data ?? {}).filter(([k, v]) => isSecretName(`${prefix}${k}`) && v !== '' && v !== null && v !== undefined).map(([k]) => `${prefix}${k}`);
        if (named.length > 0) bad.push({ prop, what: `${c.name}: ${named.join(', ')} ${named.length > 1 ? 'are' : 'is'} read from ConfigMap ${String(ref.name)} (plain text)` });
      });
    }
    if (bad.length > 0) return k8sFail(bad[0].prop, undefined, `secret in plain text: ${bad.map((b) => b.what).join('; ')}`);
    if (unseen.length > 0) return k8sUnknown(unseen[0].prop, undefined, `no secret-looking literal in env, but ${unseen.map((u) => u.what).join('; ')}`);
    return k8sPass(`${tpl.path ? tpl.path + '.' : ''}spec.containers`, undefined, `no secret-looking literal in env; ${refs} secret reference(s)`);
  },
};

/** Flags that take a password under a name that is not secret-looking: redis's `requirepass` and `masterauth`. */
const SECRET_FLAGS = new Set(['REQUIREPASS', 'MASTERAUTH']);

/**
 * The secrets a container's `command` and `args` hold as literals: a
 * secret-looking `--flag=value` / `--flag value` (or a redis password flag), a
 * shell assignment `NAME=value` with a secret-looking name, a URL with
 * credentials or a well-known token, each token of a shell script (`sh -c
 * "..."`) read the same way. Not literals: placeholders (`$(VAR)`, `${VAR}`,
 * `$VAR`, `{{ }}`), paths (a file that holds the secret), booleans, empty values.
 */
function commandLineSecrets(container: any, path: string, name: string): { prop: string; what: string }[] {
  const out: { prop: string; what: string }[] = [];
  for (const field of ['command', 'args'] as const) {
    const list: unknown[] = Array.isArray(container[field]) ? container[field] : [];
    // Every word of the field with the index of its element (a script element has many).
    const words: { w: string; i: number }[] = [];
    list.forEach((x, i) => {
      if (typeof x !== 'string' && typeof x !== 'number') return;
      const s = String(x);
      const token = secretTokenIn(s);
      if (hasUrlCredentials(s)) out.push({ prop: `${path}.${field}.${i}`, what: `${name}: ${field}[${i}] embeds credentials in a URL` });
      else if (token) out.push({ prop: `${path}.${field}.${i}`, what: `${name}: ${field}[${i}] holds ${token}` });
      for (const w of s.split(/\s+/)) if (w !== '') words.push({ w: unquote(w.replace(/;$/, '')), i });
    });
    words.forEach(({ w, i }, k) => {
      let key: string;
      let value: string | undefined;
      const eq = w.indexOf('=');
      if (w.startsWith('-')) {
        const body = w.replace(/^-+/, '');
        key = eq < 0 ? body : body.substring(0, body.indexOf('='));
        const next = words[k + 1]?.w;
        value = eq >= 0 ? w.substring(eq + 1) : next !== undefined && !next.startsWith('-') ? next : undefined;
      } else if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.substring(0, eq))) {
        key = w.substring(0, eq);
        value = w.substring(eq + 1);
      } else {
        return;
      }
      if (value === undefined || key === '' || !(isSecretName(key) || SECRET_FLAGS.has(key.toUpperCase()))) return;
      const v = unquote(value);
      if (!isLiteralValue(v) || v.startsWith('/') || v.startsWith('./') || v.startsWith('~/')) return;
      if (out.some((o) => o.prop === `${path}.${field}.${i}`)) return;
      out.push({ prop: `${path}.${field}.${i}`, what: `${name}: ${field} gives ${w.startsWith('-') ? `the flag ${w.split('=')[0]}` : key} a literal value (visible in the pod spec and the process's command line)` });
    });
  }
  return out;
}

/**
 * A one-line value's `key=value` pairs one per line: a connection string's
 * `;` (ADO.NET, ODBC) and a URL query's `?` and `&` separate them
 * (`jdbc:postgresql://db/app?user=app&password=x`, `Server=db;Password=x`).
 */
function connectionPairs(value: string): string {
  return value.replace(/[;&?]/g, '\n');
}

/** The most lines of one ConfigMap value read (a bound on hostile input). */
const MAX_LINES = 10000;

/**
 * The secret-looking keys assigned a literal in a config file held as a
 * ConfigMap value: `key=value` / `key: value` lines (properties, .env, YAML,
 * JSON-ish), one linear pass per line, no backtracking expression.
 * @internal
 */
export function embeddedSecretKeys(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n', MAX_LINES);
  for (const raw of lines) {
    let line = raw.trim();
    if (line === '' || '#!;'.includes(line[0]) || line.startsWith('//')) continue;
    if (line.startsWith('- ')) line = line.substring(2).trimStart();
    if (line.startsWith('export ')) line = line.substring(7).trimStart();
    const eq = line.indexOf('=');
    const colon = line.indexOf(':');
    const at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    if (at <= 0) continue;
    const key = unquote(line.substring(0, at).trim());
    if (key === '' || !isKeyWord(key) || !isSecretName(key)) continue;
    let value = line.substring(at + 1).trim();
    if (value.endsWith(',')) value = value.substring(0, value.length - 1).trimEnd();
    value = unquote(value);
    if (!isLiteralValue(value)) continue;
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** A key that is one word: letters, digits, `_`, `-`, `.`, `/`, `[`, `]` (no blank: prose is not a key). */
function isKeyWord(key: string): boolean {
  for (const c of key) {
    const ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || '_-./[]'.includes(c);
    if (!ok) return false;
  }
  return true;
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.substring(1, s.length - 1);
  return s;
}

/** Whether an assigned value is a literal secret: not empty, harmless, a YAML block or null, nor a placeholder. */
function isLiteralValue(value: string): boolean {
  const v = value.trim();
  if (isHarmlessLiteral(v) || v === '|' || v === '>' || v.startsWith('|-') || v.startsWith('>-') || v === 'null' || v === '~' || v === '{}' || v === '[]') return false;
  if (isTemplated(v) || v.includes('${') || v.includes('#{') || v.includes('%(') || v.startsWith('$')) return false;
  if (v.startsWith('<') && v.endsWith('>')) return false;
  // Ciphertext, not plain text: jasypt `ENC(...)`, Spring Cloud Config `{cipher}...`; a redaction (`****`).
  if (v.startsWith('ENC(') || v.startsWith('{cipher}') || [...v].every((c) => c === '*')) return false;
  return true;
}
