// `node scripts/bench/document.mjs`: in-memory scan time of one realistic 5,000-line source document,
// the work the editor repeats on every change. Builds the document deterministically (ordinary
// TypeScript with a few connection strings), warms up, and prints the median and p95 of 300 runs.
// Run `npm run compile-tests` first (it uses the compiled engine in out/).
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const { scanText } = require(join(root, 'out/src/core/secrets/scanner.js'));

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const b64 = (n) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(rand() * 64)]).join('');
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
const templates = [
  (i) => `export function handler${i}(request: Request, context: Context): Promise<Response> {`,
  (i) => `  const key = \`item-\${request.id}-${i}\`; // cache key, not a secret`,
  (i) => `  const url = new URL("https://api.contoso.com/v1/orders/" + encodeURIComponent(String(${i})));`,
  () => `  if (!request.headers.get("authorization")) throw new Error("missing token");`,
  (i) => `  const password = process.env.DB_PASSWORD_${i % 7}; // read from the environment`,
  () => `  return fetch(url, { method: "POST", body: JSON.stringify({ secret: false }) });`,
  (i) => `  // Uses the storage account through DefaultAzureCredential (azure-identity), see https://learn.microsoft.com/azure/ ${i}`,
  (i) => `  const client${i} = new BlobServiceClient("https://contoso.blob.core.windows.net", new DefaultAzureCredential());`,
  () => `}`,
  () => ``,
];
const lines = [];
for (let i = 0; lines.length < 5000; i++) {
  if (i % 900 === 450) {
    lines.push(`const conn${i} = "DefaultEndpointsProtocol=https;AccountName=contoso${i};AccountKey=${b64(86)}==;EndpointSuffix=core.windows.net";`);
  }
  if (i % 1700 === 800) {
    lines.push(`const sql${i} = "Server=tcp:contoso${i}.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Pw-${b64(12).replace(/[+/]/g, 'x')}!;";`);
    lines.push(`const ai${i} = new AzureOpenAI({ endpoint: "https://contoso${i}.openai.azure.com/", apiKey: "${hex(32)}" });`);
  }
  lines.push(templates[i % templates.length](i));
}
const text = lines.join('\n');
const findings = scanText(text, { path: 'src/handlers.ts' }).length;

for (let i = 0; i < 50; i++) scanText(text, { path: 'src/handlers.ts' });
const samples = [];
for (let i = 0; i < 300; i++) {
  const started = process.hrtime.bigint();
  scanText(text, { path: 'src/handlers.ts' });
  samples.push(Number(process.hrtime.bigint() - started) / 1e6);
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
const p95 = samples[Math.floor(samples.length * 0.95)];
console.log(`5,000-line document (${(text.length / 1024).toFixed(0)} KiB, ${findings} secrets): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over 300 runs (target: median < 5 ms: ${median < 5 ? 'met' : 'NOT met'})`);
