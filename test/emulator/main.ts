/**
 * Standalone ARM emulator (the sandbox spawns the compiled `out/test/emulator/main.js`):
 *
 *   node out/test/emulator/main.js [--port N] [--latency MS] [--seed demo|big|empty]
 *                                  [--fail-subscription <id>[:<status>]]... [--ca-file PATH] [--no-token-endpoint]
 *
 * Writes the certificate PEM to the CA file (default: a fresh file in the OS temp folder), prints one JSON
 * line `{ endpoint, caFile, tokenEndpoint, tokenHeader, controlSecret, tenantId, subscriptions: [{ subscriptionId, displayName }] }`
 * (`controlSecret` opens the control API described at `ArmEmulator.controlSecret`: faults and the request log at run time)
 * and serves until SIGINT or SIGTERM. A failing subscription answers every request with the status
 * (default 403 AuthorizationFailed, which the SDK does not retry; 500/503 are retried first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type FaultRule, type FaultStatus, startArmEmulator } from './ArmEmulator';
import { demoTenant } from './seeds/demoTenant';
import { generateTenant } from './seeds/generateTenant';

interface Args {
  port: number;
  latencyMs: number;
  seed: 'demo' | 'big' | 'empty';
  failSubscriptions: { subscriptionId: string; status: FaultStatus }[];
  caFile?: string;
  tokenEndpoint: boolean;
}

const failureCodes: Partial<Record<FaultStatus, [string, string]>> = {
  403: ['AuthorizationFailed', "The client does not have authorization to perform action 'Microsoft.Resources/subscriptions/read' over this subscription, or the scope is invalid."],
  500: ['InternalServerError', 'Encountered internal server error.'],
  503: ['ServiceUnavailable', 'The service is unavailable.'],
  404: ['SubscriptionNotFound', 'The subscription could not be found.'],
};

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { port: 0, latencyMs: 0, seed: 'demo', failSubscriptions: [], tokenEndpoint: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        args.port = Number(value());
        if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..65535');
        break;
      case '--latency':
        args.latencyMs = Number(value());
        if (!Number.isFinite(args.latencyMs) || args.latencyMs < 0) throw new Error('--latency must be a number of milliseconds');
        break;
      case '--seed': {
        const v = value();
        if (v !== 'demo' && v !== 'big' && v !== 'empty') throw new Error('--seed must be demo, big or empty');
        args.seed = v;
        break;
      }
      case '--fail-subscription': {
        const [subscriptionId, status = '403'] = value().split(':');
        const code = Number(status) as FaultStatus;
        if (!(code in failureCodes) && ![400, 409, 429, 502, 504].includes(code)) throw new Error(`--fail-subscription: unsupported status ${status}`);
        args.failSubscriptions.push({ subscriptionId, status: code });
        break;
      }
      case '--ca-file':
        args.caFile = value();
        break;
      case '--no-token-endpoint':
        args.tokenEndpoint = false;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = args.seed === 'demo' ? demoTenant() : args.seed === 'big' ? generateTenant({ subscriptions: 10, identities: 1000, resourcesWithIdentity: 300, roleAssignments: 5000, seed: 42 }) : undefined;
  const faults: FaultRule[] = args.failSubscriptions.map(({ subscriptionId, status }) => {
    const [code, message] = failureCodes[status] ?? ['Failure', 'Injected failure.'];
    return { match: { subscriptionId }, fault: { kind: 'status', status, code, message, ...(status === 429 ? { retryAfterSeconds: 1 } : {}) } };
  });
  const emulator = await startArmEmulator({ ...(seed !== undefined ? { seed } : {}), latencyMs: args.latencyMs, port: args.port, faults, tokenEndpoint: args.tokenEndpoint });
  let madeDir: string | undefined;
  let caFile = args.caFile;
  if (caFile === undefined) {
    madeDir = mkdtempSync(join(tmpdir(), 'arm-emulator-'));
    caFile = join(madeDir, 'ca.pem');
  }
  writeFileSync(caFile, emulator.caPem);
  console.log(
    JSON.stringify({
      endpoint: emulator.endpoint,
      caFile,
      tokenEndpoint: emulator.tokenEndpoint?.url,
      tokenHeader: emulator.tokenEndpoint?.header,
      controlSecret: emulator.controlSecret,
      tenantId: emulator.state.tenantId,
      subscriptions: emulator.state.subscriptions.map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName })),
    }),
  );
  // A long sandbox session has no use for the request log: keep it from growing without bound.
  setInterval(() => emulator.resetLog(), 60_000).unref();
  const shutdown = (): void => {
    void emulator.stop().then(() => {
      if (madeDir !== undefined) rmSync(dirname(caFile), { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`arm emulator: ${(e as Error).message}`);
    process.exit(2);
  });
}
