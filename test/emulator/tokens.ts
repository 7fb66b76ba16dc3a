/**
 * Access tokens for the emulator: compact JWTs signed with HS256 under a fixed, public test key (they
 * protect nothing; the signature only lets the emulator tell its own tokens from garbage). Azurite's
 * `--oauth basic` decodes without verifying and checks `iss` (https://sts.windows.net/…), `aud`, and
 * `nbf`/`exp`/`iat`, so tokens made here for `https://storage.azure.com` work there too.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** Not a secret: a constant so every emulator in the process accepts every token made here. */
const signingKey = 'managed-identity-tools-arm-emulator-test-signing-key';

export interface TokenClaims {
  readonly aud: string;
  readonly iss: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly oid: string;
  readonly tid: string;
  readonly sub: string;
  readonly appid?: string;
  readonly xms_mirid?: string;
  readonly idtyp?: string;
  readonly uti?: string;
  readonly ver?: string;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export function issuerFor(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** Builds a signed token; `lifetimeSeconds` from now, not-before five minutes ago (clock skew). */
export function makeToken(claims: { aud: string; oid: string; tid: string; appid?: string; xms_mirid?: string; idtyp?: string }, lifetimeSeconds = 3600, nowMs = Date.now()): { token: string; expiresOn: number } {
  const now = Math.floor(nowMs / 1000);
  const body: TokenClaims = {
    ...claims,
    iss: issuerFor(claims.tid),
    iat: now,
    nbf: now - 300,
    exp: now + lifetimeSeconds,
    sub: claims.oid,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
  };
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify(body));
  const signature = createHmac('sha256', signingKey).update(`${head}.${payload}`).digest('base64url');
  return { token: `${head}.${payload}.${signature}`, expiresOn: body.exp };
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; code: 'InvalidAuthenticationToken' | 'ExpiredAuthenticationToken'; message: string };

/** Verifies signature and lifetime of a token made by {@link makeToken}. */
export function verifyToken(token: string, nowMs = Date.now()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  const expected = createHmac('sha256', signingKey).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = Buffer.from(parts[2], 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  }
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || now >= claims.exp) {
    return { ok: false, code: 'ExpiredAuthenticationToken', message: `The access token expiry UTC time '${new Date((claims.exp ?? 0) * 1000).toUTCString()}' is earlier than current UTC time '${new Date(nowMs).toUTCString()}'.` };
  }
  if (typeof claims.nbf === 'number' && now < claims.nbf) return { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is not yet valid.' };
  return { ok: true, claims };
}

/** Decodes the payload without verifying (for tests that inspect tokens). */
export function decodeToken(token: string): TokenClaims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as TokenClaims;
}
