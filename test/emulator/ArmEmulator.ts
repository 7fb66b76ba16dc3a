/**
 * A local Azure Resource Manager emulator for tests, benchmarks and the sandbox: an HTTPS server on
 * 127.0.0.1 (self-signed certificate made at start) that the real `@azure/arm-msi`, `@azure/arm-authorization`
 * and `@azure/arm-resources` clients talk to, with state, api-version checks, ARM error bodies, paging
 * with absolute nextLinks, fault injection and latency, a request log, and an App Service-style managed
 * identity token endpoint.
 *
 * Point an SDK client at it with `new XClient(emulatorCredential(), subscriptionId, sdkClientOptions(emu))`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { createSelfSignedCertificate } from './certificate';
import { EmulatorState, prng, type ReplicationDelay, type TenantSeed } from './EmulatorState';
import { armError, matchRoute, runRoute, type ArmContext, type ArmReply } from './armRoutes';
import { makeToken, verifyToken } from './tokens';

export { EmulatorState } from './EmulatorState';
export type { TenantSeed } from './EmulatorState';

export interface ArmEmulatorOptions {
  /** Initial state; default: an empty tenant with one subscription and one resource group. */
  seed?: TenantSeed;
  /** Added to every ARM response (default 0). */
  latencyMs?: number;
  /** Initial fault rules. */
  faults?: FaultRule[];
  /** Default: a free port. */
  port?: number;
  /** Start the managed-identity token endpoint too (default true). */
  tokenEndpoint?: boolean;
  /** Seed of the PRNG behind probabilistic faults and server-generated GUIDs (default 1). */
  randomSeed?: number;
  /** Items per page of every list (default 100; `$top` may lower it). */
  pageSize?: number;
  /** New principals unknown to role assignment creation for a while (PrincipalNotFound). */
  replicationDelay?: ReplicationDelay;
}

export type FaultStatus = 400 | 401 | 403 | 404 | 409 | 429 | 500 | 502 | 503 | 504;

export interface FaultRule {
  /**
   * All given conditions must hold. A string `pathPattern` / `queryPattern` is a case-insensitive substring
   * of the path / raw query string (e.g. `skiptoken` for every page after the first).
   */
  match: { method?: string; pathPattern?: RegExp | string; queryPattern?: RegExp | string; subscriptionId?: string };
  fault:
    | { kind: 'status'; status: FaultStatus; retryAfterSeconds?: number; retryAfterMs?: number; code?: string; message?: string }
    /** Destroy the socket without a response. */
    | { kind: 'drop' }
    /** Answer normally but write the body this slowly. */
    | { kind: 'slowBody'; bytesPerSecond: number }
    /** Answer normally after this extra delay (latency per route or subscription). */
    | { kind: 'latency'; ms: number };
  /** 0..1; drawn from the emulator's seeded PRNG (see `randomSeed`). */
  probability?: number;
  /** Apply at most N times. */
  times?: number;
}

export interface RequestLogEntry {
  method: string;
  /** The path as received (before `//` is collapsed). */
  path: string;
  /** The raw query string without `?`. */
  query: string;
  status?: number;
  subscriptionId?: string;
  /** Route name, e.g. `userAssignedIdentities.get`; `unknown` when nothing matched. */
  route: string;
  /** What the fault injector did, if anything: `status:429`, `drop`, `slowBody`, `latency`. */
  fault?: string;
  durationMs: number;
}

export interface ArmEmulator {
  /** e.g. https://127.0.0.1:41234 */
  readonly endpoint: string;
  /** PEM of the self-signed certificate; pass as `tlsOptions.ca`. */
  readonly caPem: string;
  /** IDENTITY_ENDPOINT / IDENTITY_HEADER values of the token endpoint. */
  readonly tokenEndpoint?: { url: string; header: string };
  /**
   * Secret for the control API on the same server, for tests in another process (the sandbox's e2e tests):
   * header `x-emulator-control: <secret>`; `POST /__emulator/faults` (a FaultRule as JSON, `pathPattern` a
   * string used as a case-insensitive regular expression), `DELETE /__emulator/faults`,
   * `GET /__emulator/requests`, `DELETE /__emulator/requests`, `GET /__emulator/counters`.
   */
  readonly controlSecret: string;
  readonly state: EmulatorState;
  readonly faults: { add(rule: FaultRule): void; clear(): void };
  readonly requests: RequestLogEntry[];
  counters(): { total: number; byRoute: Record<string, number>; bySubscription: Record<string, number> };
  resetLog(): void;
  stop(): Promise<void>;
}

/** Default tenant: one subscription with one resource group, nothing else. */
export const emptyTenant: TenantSeed = {
  subscriptions: [{ subscriptionId: '00000000-0000-4000-8000-000000000001', displayName: 'Emulator Subscription', resourceGroups: [{ name: 'rg-default', location: 'westeurope' }] }],
};

const managementAudience = 'https://management.azure.com/';

/** A TokenCredential whose tokens the emulator accepts (audience from the scope, a developer user's oid). */
/** A TokenCredential that always returns a token. */
export interface EmulatorCredential extends TokenCredential {
  getToken(scopes: string | string[]): Promise<AccessToken>;
}

export function emulatorCredential(options: { oid?: string; tenantId?: string } = {}): EmulatorCredential {
  return {
    getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = (Array.isArray(scopes) ? scopes[0] : scopes) ?? `${managementAudience}.default`;
      const aud = scope.replace(/\/?\.default$/, '/');
      const { token, expiresOn } = makeToken({ aud, oid: options.oid ?? '5e7c0de0-0000-4000-8000-00000000d3e0', tid: options.tenantId ?? emptyTenantId, idtyp: 'user' });
      return Promise.resolve({ token, expiresOnTimestamp: expiresOn * 1000 });
    },
  };
}
const emptyTenantId = '72f988bf-0000-4000-8000-00000000c0de';

/** Options to spread into an `@azure/arm-*` client constructor. */
export function sdkClientOptions(emulator: Pick<ArmEmulator, 'endpoint' | 'caPem'>): {
  endpoint: string;
  credentialScopes: string[];
  tlsOptions: { ca: string };
  retryOptions: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
} {
  return {
    endpoint: emulator.endpoint,
    credentialScopes: [`${managementAudience}.default`],
    tlsOptions: { ca: emulator.caPem },
    retryOptions: { maxRetries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A fault rule's path or query condition: a case-insensitive substring, or a regular expression. */
function matches(pattern: RegExp | string, text: string): boolean {
  return typeof pattern === 'string' ? text.toLowerCase().includes(pattern.toLowerCase()) : new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Whether a socket's remote address is the local machine (the token endpoint answers nobody else). */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function listen(server: HttpServer | HttpsServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: HttpServer | HttpsServer, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

const defaultCodes: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is invalid.'],
  401: ['AuthenticationFailed', 'Authentication failed.'],
  403: ['AuthorizationFailed', 'The client does not have authorization to perform this action.'],
  404: ['ResourceNotFound', 'The resource was not found.'],
  409: ['Conflict', 'The request conflicts with the current state of the resource.'],
  429: ['TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. For more information, see https://aka.ms/armthrottling.'],
  500: ['InternalServerError', 'Encountered internal server error. Diagnostic information: timestamp, correlation id.'],
  502: ['BadGateway', 'The gateway did not receive a response from the service.'],
  503: ['ServiceUnavailable', 'The service is unavailable, try again later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response within the specified time period.'],
};

/** Starts the emulator; stop it with `stop()` (tests: in `after`). */
export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const random = prng(options.randomSeed ?? 1);
  const state = new EmulatorState(options.seed ?? emptyTenant, random);
  if (options.replicationDelay !== undefined) state.replicationDelay = options.replicationDelay;
  const rules: { rule: FaultRule; remaining: number }[] = [];
  const addRule = (rule: FaultRule): void => {
    rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  };
  for (const rule of options.faults ?? []) addRule(rule);
  const requests: RequestLogEntry[] = [];
  const cert = createSelfSignedCertificate();
  const sockets = new Set<Socket>();
  let endpoint = '';
  const pageSize = Math.max(1, options.pageSize ?? 100);
  let reads = 12000;
  let writes = 1200;

  /** The faults that fire for this request: at most one terminal fault, plus latencies. */
  function pickFaults(method: string, path: string, query: string, subscriptionId: string | undefined): { terminal?: FaultRule['fault']; extraLatencyMs: number; latencyFired: boolean } {
    let extraLatencyMs = 0;
    let latencyFired = false;
    for (const entry of rules) {
      const { match, probability } = entry.rule;
      if (entry.remaining <= 0) continue;
      if (match.method !== undefined && match.method.toUpperCase() !== method) continue;
      if (match.subscriptionId !== undefined && match.subscriptionId.toLowerCase() !== subscriptionId) continue;
      if (match.pathPattern !== undefined && !matches(match.pathPattern, path)) continue;
      if (match.queryPattern !== undefined && !matches(match.queryPattern, query)) continue;
      if (probability !== undefined && !(random() < probability)) continue;
      entry.remaining--;
      if (entry.rule.fault.kind === 'latency') {
        extraLatencyMs += entry.rule.fault.ms;
        latencyFired = true;
        continue;
      }
      return { terminal: entry.rule.fault, extraLatencyMs, latencyFired };
    }
    return { extraLatencyMs, latencyFired };
  }

  async function onArmRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query = q >= 0 ? rawUrl.slice(q + 1) : '';
    const path = rawPath.replace(/\/{2,}/g, '/');
    if (path.startsWith('/__emulator/')) {
      await onControlRequest(req, res, method, path);
      return;
    }
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
    const entry: RequestLogEntry = { method, path: rawPath, query, route: 'unknown', durationMs: 0, ...(subscriptionId !== undefined ? { subscriptionId } : {}) };
    requests.push(entry);
    const requestId = randomUUID();
    const finish = (status: number | undefined): void => {
      if (status !== undefined) entry.status = status;
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
    };

    const bodyText = await readBody(req);
    // Routed before any latency, so the log names a request that is still being answered.
    const context: ArmContext = { state, method, path, query: new URLSearchParams(query), rawQuery: query, bodyText, endpoint, pageSize, caller: undefined };
    const route = matchRoute(context);
    entry.route = route?.name ?? 'unknown';
    const faults = pickFaults(method, path, query, subscriptionId);
    const delay = (options.latencyMs ?? 0) + faults.extraLatencyMs;
    if (faults.latencyFired) entry.fault = 'latency';
    if (delay > 0) await sleep(delay);

    const send = async (reply: ArmReply, slowBytesPerSecond?: number): Promise<void> => {
      const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
      const headers: Record<string, string> = {
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': (req.headers['x-ms-client-request-id'] as string | undefined) ?? requestId,
        'x-ms-routing-request-id': `WESTEUROPE:${new Date().toISOString().replace(/[-:.]/g, '')}:${requestId}`,
        'cache-control': 'no-cache',
        ...(method === 'GET' ? { 'x-ms-ratelimit-remaining-subscription-reads': String(Math.max(0, --reads)) } : { 'x-ms-ratelimit-remaining-subscription-writes': String(Math.max(0, --writes)) }),
        ...(reply.headers ?? {}),
      };
      if (body.length > 0) headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-length'] = String(Buffer.byteLength(body));
      res.writeHead(reply.status, headers);
      if (slowBytesPerSecond === undefined || body.length === 0) {
        res.end(body);
      } else {
        const bytes = Buffer.from(body);
        const tickMs = 50;
        const chunk = Math.max(1, Math.floor((slowBytesPerSecond * tickMs) / 1000));
        for (let i = 0; i < bytes.length; i += chunk) {
          if (res.destroyed) return;
          res.write(bytes.subarray(i, i + chunk));
          if (i + chunk < bytes.length) await sleep(tickMs);
        }
        res.end();
      }
      finish(reply.status);
    };

    if (faults.terminal?.kind === 'drop') {
      entry.fault = 'drop';
      finish(undefined);
      req.socket.destroy();
      return;
    }
    if (faults.terminal?.kind === 'status') {
      const f = faults.terminal;
      entry.fault = `status:${f.status}`;
      const [code, message] = defaultCodes[f.status] ?? ['Error', 'Error.'];
      const headers: Record<string, string> = {};
      if (f.retryAfterMs !== undefined) {
        headers['retry-after-ms'] = String(f.retryAfterMs);
        headers['Retry-After'] = String(Math.ceil(f.retryAfterMs / 1000));
      } else if (f.retryAfterSeconds !== undefined) {
        headers['Retry-After'] = String(f.retryAfterSeconds);
      } else if (f.status === 429) {
        headers['Retry-After'] = '1';
      }
      await send({ status: f.status, headers, body: { error: { code: f.code ?? code, message: f.message ?? message } } });
      return;
    }

    // Authentication, as ARM does it: a bearer token for this audience, not expired.
    const auth = req.headers.authorization;
    const challenge = { 'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."' };
    if (auth === undefined || !/^Bearer\s+\S+/i.test(auth)) {
      await send({ status: 401, headers: challenge, body: { error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } } });
      return;
    }
    const check = verifyToken(auth.replace(/^Bearer\s+/i, '').trim());
    if (!check.ok) {
      await send({ status: 401, body: { error: { code: check.code, message: check.message } } });
      return;
    }
    const aud = check.claims.aud.replace(/\/$/, '').toLowerCase();
    const accepted = ['https://management.azure.com', 'https://management.core.windows.net', endpoint.toLowerCase()];
    if (!accepted.includes(aud)) {
      await send({ status: 401, body: { error: { code: 'InvalidAuthenticationTokenAudience', message: `The access token has been obtained for wrong audience or resource '${check.claims.aud}'. It should exactly match with one of the allowed audiences '${managementAudience}','https://management.core.windows.net/'.` } } });
      return;
    }
    context.caller = check.claims.oid;

    let reply: ArmReply;
    try {
      reply = route === undefined ? armError(404, 'InvalidResourceType', `The resource type could not be found for the path '${path}' and method '${method}'.`) : runRoute(context, route);
    } catch (e) {
      reply = { status: 500, body: { error: { code: 'InternalServerError', message: `Emulator failure: ${(e as Error).message}` } } };
    }
    await send(reply, faults.terminal?.kind === 'slowBody' ? faults.terminal.bytesPerSecond : undefined);
    if (faults.terminal?.kind === 'slowBody') entry.fault = 'slowBody';
  }

  const controlSecret = randomBytes(24).toString('hex');
  /** The control API (not logged, no faults): see {@link ArmEmulator.controlSecret}. */
  async function onControlRequest(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const body = await readBody(req);
    const json = (status: number, value?: unknown): void => {
      res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (req.headers['x-emulator-control'] !== controlSecret) return json(401, { error: { code: 'AuthenticationFailed', message: 'The x-emulator-control header is missing or wrong.' } });
    const what = `${method} ${path.replace(/\/$/, '')}`;
    if (what === 'GET /__emulator/requests') return json(200, requests);
    if (what === 'DELETE /__emulator/requests') {
      requests.length = 0;
      return json(204);
    }
    if (what === 'GET /__emulator/counters') return json(200, counters());
    if (what === 'DELETE /__emulator/faults') {
      rules.length = 0;
      return json(204);
    }
    if (what === 'POST /__emulator/faults') {
      try {
        const rule = JSON.parse(body) as FaultRule & { match?: { pathPattern?: string; queryPattern?: string } };
        if (typeof rule !== 'object' || rule === null || typeof rule.fault !== 'object' || rule.fault === null) throw new Error('a rule needs "fault"');
        const pattern = rule.match?.pathPattern;
        const queryPattern = rule.match?.queryPattern;
        addRule({
          ...rule,
          match: {
            ...(rule.match ?? {}),
            ...(typeof pattern === 'string' ? { pathPattern: new RegExp(pattern, 'i') } : {}),
            ...(typeof queryPattern === 'string' ? { queryPattern: new RegExp(queryPattern, 'i') } : {}),
          },
        });
        return json(201, { rules: rules.length });
      } catch (e) {
        return json(400, { error: { code: 'InvalidRequestContent', message: (e as Error).message } });
      }
    }
    return json(404, { error: { code: 'NotFound', message: `No control operation ${what}.` } });
  }
  const counters = (): ReturnType<ArmEmulator['counters']> => {
    const byRoute: Record<string, number> = {};
    const bySubscription: Record<string, number> = {};
    for (const r of requests) {
      byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
      if (r.subscriptionId !== undefined) bySubscription[r.subscriptionId] = (bySubscription[r.subscriptionId] ?? 0) + 1;
    }
    return { total: requests.length, byRoute, bySubscription };
  };

  const server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    onArmRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(e) } }));
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  const port = await listen(server, options.port ?? 0);
  endpoint = `https://127.0.0.1:${port}`;

  // Managed identity token endpoint (App Service style), plain http on loopback like the real one.
  let tokenServer: HttpServer | undefined;
  const tokenSockets = new Set<Socket>();
  let tokenEndpoint: { url: string; header: string } | undefined;
  // The app's own system-assigned identity when no identity is named in the token request.
  const tokenDefaultIdentity = { clientId: state.newGuid(), principalId: state.addPrincipal(undefined, 'ServicePrincipal', 'emulated-app (system-assigned)', true).principalId };
  if (options.tokenEndpoint !== false) {
    const secret = randomBytes(24).toString('hex');
    tokenServer = createHttpServer((req, res) => {
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (!isLoopback(req.socket.remoteAddress)) return json(403, { error: 'forbidden', error_description: 'The managed identity endpoint answers only on loopback.' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/msi/token') return json(404, { error: 'not_found', error_description: `No such endpoint: ${url.pathname}` });
      if (req.method !== 'GET') return json(405, { error: 'invalid_request', error_description: 'Use GET.' });
      if (req.headers['x-identity-header'] !== secret) return json(401, { error: 'unauthorized_client', error_description: 'The X-IDENTITY-HEADER header is missing or wrong.' });
      const apiVersion = url.searchParams.get('api-version');
      if (apiVersion !== '2019-08-01') return json(400, { error: 'invalid_request', error_description: `Unsupported api-version '${apiVersion ?? ''}'; use 2019-08-01.` });
      const resource = url.searchParams.get('resource');
      if (!resource) return json(400, { error: 'invalid_request', error_description: 'The resource parameter is required.' });
      const given = ['client_id', 'mi_res_id', 'object_id', 'principal_id'].filter((p) => url.searchParams.has(p));
      if (given.length > 1) return json(400, { error: 'invalid_request', error_description: 'Specify only one of client_id, mi_res_id, object_id.' });
      const ids = [...state.identities.values()];
      let identity: { clientId: string; principalId: string; id?: string } | undefined;
      const clientId = url.searchParams.get('client_id');
      const resId = url.searchParams.get('mi_res_id');
      const objectId = url.searchParams.get('object_id') ?? url.searchParams.get('principal_id');
      if (clientId !== null) identity = ids.find((i) => i.clientId === clientId.toLowerCase());
      else if (resId !== null) identity = state.identities.get(resId.toLowerCase());
      else if (objectId !== null) identity = ids.find((i) => i.principalId === objectId.toLowerCase());
      else identity = tokenDefaultIdentity;
      if (identity === undefined) return json(400, { error: 'invalid_request', error_description: 'No managed identity matches the requested identity.' });
      const { token, expiresOn } = makeToken({ aud: resource, oid: identity.principalId, tid: state.tenantId, appid: identity.clientId, idtyp: 'app', ...(identity.id !== undefined ? { xms_mirid: identity.id } : {}) });
      return json(200, { access_token: token, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: identity.clientId });
    });
    tokenServer.on('connection', (s: Socket) => {
      tokenSockets.add(s);
      s.on('close', () => tokenSockets.delete(s));
    });
    const tokenPort = await listen(tokenServer, 0);
    tokenEndpoint = { url: `http://127.0.0.1:${tokenPort}/msi/token`, header: secret };
  }

  let stopped = false;
  return {
    endpoint,
    caPem: cert.certPem,
    controlSecret,
    ...(tokenEndpoint !== undefined ? { tokenEndpoint } : {}),
    state,
    faults: {
      add: addRule,
      clear: () => {
        rules.length = 0;
      },
    },
    requests,
    counters,
    resetLog() {
      requests.length = 0;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([close(server, sockets), ...(tokenServer !== undefined ? [close(tokenServer, tokenSockets)] : [])]);
    },
  };
}
