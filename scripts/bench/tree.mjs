// bench:tree: time to load the identity explorer's whole model from a large tenant, and the requests it
// takes, with the Azure layer's loader (one paged role assignment listing per subscription) and with the
// naive strategy the Azure extensions use (one role assignment listing per identity), in the same run
// against the ARM emulator with 50 ms latency per request.
//
// Needs the compiled sources and tests in out/: `npm run compile-tests && node scripts/bench/tree.mjs`.
// Options: --runs N (default 5), --naive-runs N (default 3), --latency MS (default 50).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const out = (p) => require(join(root, 'out', p));

const { startArmEmulator, emulatorCredential, sdkClientOptions } = out('test/emulator/ArmEmulator.js');
const { generateTenant } = out('test/emulator/seeds/index.js');
const { ArmClients } = out('src/azure/ArmClients.js');
const { IdentityService } = out('src/azure/IdentityService.js');
const { RoleService } = out('src/azure/RoleService.js');
const { TenantModelLoader } = out('src/azure/TenantModelLoader.js');
const { mapBounded } = out('src/azure/async.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 5);
const naiveRuns = arg('naive-runs', 3);
const latencyMs = arg('latency', 50);
const tenant = { subscriptions: 10, identities: 1000, resourcesWithIdentity: 300, roleAssignments: 5000, seed: 42 };

function services(emulator) {
  const options = sdkClientOptions(emulator);
  const clients = new ArmClients(emulatorCredential(), {
    resourceManagerEndpoint: options.endpoint,
    credentialScopes: options.credentialScopes,
    tlsCa: options.tlsOptions.ca,
  });
  const identities = new IdentityService(clients);
  const roles = new RoleService(clients);
  return { identities, roles, loader: new TenantModelLoader(identities, roles, { concurrency: 4 }) };
}

/** Ours: the loader, fresh services each run (no warm caches). */
async function loadOurs(emulator, subscriptionIds) {
  const model = await services(emulator).loader.load(subscriptionIds);
  return count(model);
}

/**
 * Naive: the same identity and resource lists, then role assignments listed once per principal
 * (`$filter=principalId eq '…'`), role names from one role definition list per subscription. Same
 * concurrency across subscriptions, 4 principals at a time within one.
 */
async function loadNaive(emulator, subscriptionIds) {
  const { identities, roles } = services(emulator);
  let assignments = 0;
  let identityCount = 0;
  let resourceCount = 0;
  await mapBounded(subscriptionIds, 4, async (sub) => {
    const [ids, res] = await Promise.all([identities.listUserAssignedIdentities(sub), identities.listResourcesWithIdentity(sub)]);
    identityCount += ids.items.length;
    resourceCount += res.items.length;
    const principals = [...ids.items.map((i) => i.principalId), ...res.items.flatMap((r) => (r.systemAssignedPrincipalId ? [r.systemAssignedPrincipalId] : []))];
    const lists = await mapBounded(principals, 4, (p) => roles.listAssignmentsForPrincipal(p, [sub]));
    const all = lists.flat();
    await roles.customRoles(sub);
    await roles.builtInRoles(sub);
    assignments += all.length;
  });
  return { identities: identityCount, resources: resourceCount, assignments, errors: 0 };
}

function count(model) {
  let identities = 0;
  let resources = 0;
  let assignments = 0;
  let errors = 0;
  for (const s of model.subscriptions) {
    if (s.status !== 'ok') {
      errors++;
      continue;
    }
    identities += s.identities.length;
    resources += s.resources.length;
    for (const list of s.roleAssignmentsByPrincipal.values()) assignments += list.length;
  }
  return { identities, resources, assignments, errors };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(label, n, fn, emulator, subscriptionIds) {
  const times = [];
  let last;
  for (let i = 0; i < n; i++) {
    emulator.resetLog();
    const start = performance.now();
    const result = await fn(emulator, subscriptionIds);
    times.push(performance.now() - start);
    const counters = emulator.counters();
    last = { result, total: counters.total, bySubscription: counters.bySubscription };
  }
  return { label, times, median: median(times), ...last };
}

const emulator = await startArmEmulator({ seed: generateTenant(tenant), latencyMs });
try {
  const subscriptionIds = emulator.state.subscriptions.map((s) => s.subscriptionId);
  console.log(`Tenant: ${tenant.subscriptions} subscriptions, ${tenant.identities} user-assigned identities, ${tenant.resourcesWithIdentity} resources with identities, ${tenant.roleAssignments} role assignments; ${latencyMs} ms latency per request.`);
  const ours = await measure('ours (one paged listing per subscription)', runs, loadOurs, emulator, subscriptionIds);
  const naive = await measure('naive (one listing per identity)', naiveRuns, loadNaive, emulator, subscriptionIds);
  for (const r of [ours, naive]) {
    console.log(`\n${r.label}`);
    console.log(`  runs: ${r.times.map((t) => t.toFixed(0)).join(', ')} ms; median ${r.median.toFixed(0)} ms`);
    console.log(`  model: ${r.result.identities} identities, ${r.result.resources} resources, ${r.result.assignments} role assignments, ${r.result.errors} failed subscriptions`);
    console.log(`  requests: ${r.total} total`);
    const perSub = Object.entries(r.bySubscription ?? {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [sub, n] of perSub) console.log(`    ${sub}: ${n}`);
  }
  console.log(`\nratio: ${(naive.total / ours.total).toFixed(1)}x fewer requests, ${(naive.median / ours.median).toFixed(1)}x faster (median)`);
  const target = ours.median < 2000 && naive.total >= ours.total * 10;
  console.log(target ? 'target met: < 2 s and ≥ 10x fewer requests' : 'target NOT met: < 2 s and ≥ 10x fewer requests');
  process.exitCode = target ? 0 : 1;
} finally {
  await emulator.stop();
}
