// bench:tree: time to load the identity explorer's whole model from a large tenant, and the requests it
// takes, with the Azure layer's loader (one paged role assignment listing per subscription) and with the
// naive strategy the Azure extensions use (one role assignment listing per identity), in the same run
// against the ARM emulator with 50 ms latency per request. Then one more load with 20% of requests
// answered 429 or 503, which must give the same model.
//
// Needs the compiled sources and tests in out/: `npm run compile-tests && node scripts/bench/tree.mjs`.
// Options: --runs N (default 5), --naive-runs N (default 3), --latency MS (default 50).
// Exit code 1 when a target is missed: median < 2 s, ≤ 2 + pages requests per subscription, ≥ 10× fewer
// requests than naive, complete model under faults.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const out = (p) => require(join(root, 'out', p));

const { startArmEmulator, emulatorCredential, sdkClientOptions } = out('test/emulator/ArmEmulator.js');
const { generateTenant } = out('test/emulator/seeds/index.js');
const { digest } = out('test/unit/azureHarness.js');
const { ArmClients } = out('src/azure/ArmClients.js');
const { IdentityService } = out('src/azure/IdentityService.js');
const { RoleService } = out('src/azure/RoleService.js');
const { TenantModelLoader } = out('src/azure/TenantModelLoader.js');
const { mapBounded } = out('src/azure/async.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a non-negative integer`);
  return value;
};
const runs = Math.max(1, arg('runs', 5));
const naiveRuns = Math.max(1, arg('naive-runs', 3));
const latencyMs = arg('latency', 50);
const tenant = { subscriptions: 10, identities: 1000, resourcesWithIdentity: 300, roleAssignments: 5000, seed: 42 };
const listRoutes = {
  'userAssignedIdentities.listBySubscription': 'identities',
  'resources.list': 'resources',
  'roleAssignments.listForSubscription': 'role assignments',
};

/** Fresh services each run (no warm caches), with the SDK's own retry settings, as the product has them. */
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

/** Ours: the loader. */
async function loadOurs(emulator, subscriptionIds) {
  const model = await services(emulator).loader.load(subscriptionIds);
  return { model, counts: count(model) };
}

/**
 * Naive: the same identity and resource lists, then role assignments listed once per principal
 * (`$filter=principalId eq '…'`), role names from the role definition lists. Same concurrency across
 * subscriptions, 4 principals at a time within one.
 */
async function loadNaive(emulator, subscriptionIds) {
  const { identities, roles } = services(emulator);
  const counts = { identities: 0, resources: 0, assignments: 0, errors: 0 };
  await mapBounded(subscriptionIds, 4, async (sub) => {
    const [ids, res] = await Promise.all([identities.listUserAssignedIdentities(sub), identities.listResourcesWithIdentity(sub)]);
    const principals = [...ids.items.map((i) => i.principalId), ...res.items.flatMap((r) => (r.systemAssignedPrincipalId ? [r.systemAssignedPrincipalId] : []))];
    const lists = await mapBounded(principals, 4, (p) => roles.listAssignmentsForPrincipal(p, [sub]));
    await roles.resolveRoleNames(lists.flat());
    counts.identities += ids.items.length;
    counts.resources += res.items.length;
    counts.assignments += lists.flat().length;
  });
  return { counts };
}

function count(model) {
  const counts = { identities: 0, resources: 0, assignments: 0, errors: 0 };
  for (const s of model.subscriptions) {
    if (s.status !== 'ok') {
      counts.errors++;
      continue;
    }
    counts.identities += s.identities.length;
    counts.resources += s.resources.length;
    for (const list of s.roleAssignmentsByPrincipal.values()) counts.assignments += list.length;
  }
  return counts;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Requests of one load per subscription: pages of each list, role definition lists, total. */
function perSubscription(requests, subscriptionIds) {
  return subscriptionIds.map((sub) => {
    const mine = requests.filter((r) => r.subscriptionId === sub);
    const pages = {};
    for (const [route, label] of Object.entries(listRoutes)) pages[label] = mine.filter((r) => r.route === route && r.status === 200).length;
    const pageCount = Object.values(pages).reduce((a, b) => a + b, 0);
    return { sub, pages, pageCount, roleDefinitionLists: mine.filter((r) => r.route === 'roleDefinitions.list').length, total: mine.length };
  });
}

async function measure(label, n, fn, emulator, subscriptionIds) {
  const times = [];
  let last;
  for (let i = 0; i < n; i++) {
    emulator.resetLog();
    const start = performance.now();
    const result = await fn(emulator, subscriptionIds);
    times.push(performance.now() - start);
    last = { ...result, requests: [...emulator.requests] };
  }
  return { label, times, median: median(times), ...last };
}

const fmt = (ms) => `${Math.round(ms)} ms`;
const describeCounts = (c) => `${c.identities} identities, ${c.resources} resources with identities, ${c.assignments} role assignments, ${c.errors} failed subscriptions`;

const emulator = await startArmEmulator({ seed: generateTenant(tenant), latencyMs, tokenEndpoint: false });
try {
  const subscriptionIds = emulator.state.subscriptions.map((s) => s.subscriptionId);
  console.log(`Tenant: ${tenant.subscriptions} subscriptions, ${tenant.identities} user-assigned identities, ${tenant.resourcesWithIdentity} resources with identities, ${tenant.roleAssignments} role assignments; ${latencyMs} ms latency per request, 100 items per page.`);

  const ours = await measure('ours: one paged role assignment listing per subscription', runs, loadOurs, emulator, subscriptionIds);
  const naive = await measure('naive: one role assignment listing per identity', naiveRuns, loadNaive, emulator, subscriptionIds);

  const subs = perSubscription(ours.requests, subscriptionIds);
  console.log(`\n${ours.label}`);
  console.log(`  runs: ${ours.times.map(fmt).join(', ')}; median ${fmt(ours.median)}`);
  console.log(`  model: ${describeCounts(ours.counts)}`);
  console.log(`  requests: ${ours.requests.length} (per subscription: pages of identities + resources + role assignments, role definition lists)`);
  for (const s of subs) {
    console.log(`    ${s.sub}: ${s.total} = ${Object.values(s.pages).join(' + ')} pages + ${s.roleDefinitionLists} role definition list${s.roleDefinitionLists === 1 ? '' : 's'} (budget 2 + ${s.pageCount} = ${s.pageCount + 2})`);
  }
  const naiveSubs = perSubscription(naive.requests, subscriptionIds);
  console.log(`\n${naive.label}`);
  console.log(`  runs: ${naive.times.map(fmt).join(', ')}; median ${fmt(naive.median)}`);
  console.log(`  model: ${describeCounts(naive.counts)}`);
  console.log(`  requests: ${naive.requests.length} (per subscription ${Math.min(...naiveSubs.map((s) => s.total))}–${Math.max(...naiveSubs.map((s) => s.total))})`);

  const ratio = naive.requests.length / ours.requests.length;
  console.log(`\nratio: ${ratio.toFixed(1)}× fewer requests (${naive.requests.length} / ${ours.requests.length}), ${(naive.median / ours.median).toFixed(1)}× faster (median ${fmt(naive.median)} / ${fmt(ours.median)})`);

  // Faulted: 10% 429 (Retry-After 1 s, as ARM sends), 10% 503 (the second rule sees the 90% the first let through).
  emulator.faults.add({ match: {}, fault: { kind: 'status', status: 429 }, probability: 0.1 });
  emulator.faults.add({ match: {}, fault: { kind: 'status', status: 503 }, probability: 0.1 / 0.9 });
  const faulted = await measure('faulted: ours with 20% of requests answered 429 or 503', 1, loadOurs, emulator, subscriptionIds);
  emulator.faults.clear();
  const reference = (await loadOurs(emulator, subscriptionIds)).model;
  const complete = isDeepStrictEqual(digest(faulted.model), digest(reference)) && faulted.counts.errors === 0;
  const throttled = faulted.requests.filter((r) => r.status === 429).length;
  const unavailable = faulted.requests.filter((r) => r.status === 503).length;
  console.log(`\n${faulted.label}`);
  console.log(`  time: ${fmt(faulted.times[0])}`);
  console.log(`  requests: ${faulted.requests.length}, of which ${throttled} answered 429 and ${unavailable} answered 503 (${(((throttled + unavailable) / faulted.requests.length) * 100).toFixed(0)}%)`);
  console.log(`  model: ${describeCounts(faulted.counts)}; ${complete ? 'identical to the fault-free model' : 'DIFFERS from the fault-free model'}`);

  const checks = [
    [`full model median < 2 s (${fmt(ours.median)})`, ours.median < 2000],
    [`≤ 2 + pages requests per subscription (worst: ${Math.max(...subs.map((s) => s.total - s.pageCount))} beyond its pages)`, subs.every((s) => s.total <= s.pageCount + 2)],
    [`≥ 10× fewer requests than naive (${ratio.toFixed(1)}×)`, ratio >= 10],
    ['complete model with 20% 429/503', complete],
    ['same model size both ways', isDeepStrictEqual(ours.counts, naive.counts)],
  ];
  console.log('\ntargets:');
  for (const [text, ok] of checks) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${text}`);
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} finally {
  await emulator.stop();
}
