/**
 * What a Redis OSS / Valkey ACL access string (`on ~app:* +@all -@dangerous nopass`)
 * does to a user, read the way the engine applies it: rule by rule, left to right,
 * the last one winning. Read by ProductionCache (to refuse what CACHE-AUTH fails)
 * and by the CACHE-AUTH rule.
 * @internal
 */
export interface CacheAccess {
  /** The user is switched on (`on`; users are off by default, `reset` switches them off). */
  readonly on: boolean;
  /** `nopass`: any password, or none, is accepted. */
  readonly nopass: boolean;
  /** A `>password` rule: a password written in the access string. */
  readonly literalPassword: boolean;
}

/** Read an access string. @internal */
export function parseCacheAccess(access: string): CacheAccess {
  let on = false;
  let nopass = false;
  let literalPassword = false;
  for (const rule of access.split(/\s+/)) {
    const r = rule.toLowerCase();
    if (r === 'on') on = true;
    else if (r === 'off') on = false;
    else if (r === 'nopass') nopass = true;
    else if (r === 'resetpass') nopass = false;
    else if (r === 'reset') { on = false; nopass = false; } else if (rule.startsWith('>')) { literalPassword = true; nopass = false; } else if (rule.startsWith('#')) nopass = false;
  }
  return { on, nopass, literalPassword };
}
