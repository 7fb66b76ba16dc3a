/**
 * The claims the tools read from an access token they were given: who the caller is (object id, tenant)
 * for "grant my account the same roles". The token is not verified here: it came from the caller's own
 * credential and is only used to name the caller to ARM, which verifies it.
 */
export interface TokenPrincipal {
  /** Object id of the user or service principal. */
  readonly objectId: string;
  readonly tenantId?: string;
  /** ARM's principalType for a role assignment. */
  readonly principalType: 'User' | 'ServicePrincipal';
  /** `upn`, `unique_name` or `preferred_username`, when the token has one. */
  readonly displayName?: string;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The principal an access token speaks for, or undefined when it is not a JWT with an `oid`. */
export function principalOfToken(token: string): TokenPrincipal | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1] ?? '')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const oid = claims.oid;
  if (typeof oid !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(oid)) return undefined;
  const name = [claims.upn, claims.unique_name, claims.preferred_username].find((v): v is string => typeof v === 'string');
  // Tokens for users carry `idtyp: user` (v2) or a `scp` claim; app-only tokens carry neither.
  const user = claims.idtyp === 'user' || (claims.idtyp === undefined && (typeof claims.scp === 'string' || name !== undefined));
  return {
    objectId: oid.toLowerCase(),
    ...(typeof claims.tid === 'string' ? { tenantId: claims.tid } : {}),
    principalType: user ? 'User' : 'ServicePrincipal',
    ...(name !== undefined ? { displayName: name } : {}),
  };
}
