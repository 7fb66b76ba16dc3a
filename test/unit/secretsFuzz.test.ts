import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng, stringsFrom } from './syntheticRandom';
import { prefilterKeywords, ruleCatalog } from '../../src/core/secrets/catalog';
import { scanText } from '../../src/core/secrets/scanner';

/*
 * Robustness: every rule's shapes, fed long near-miss input (the rule's keyword followed by almost
 * matching runs), must scan in time linear in the input. A catastrophic (backtracking) regular expression
 * shows up as a ratio far above 4 between 1 MB and 256 KB, or as seconds for 1 MB.
 */

const random = prng(7);
const from = stringsFrom(random);
const b64 = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const alnum = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const hex = from('0123456789abcdef');

/** Near misses per rule: each returns one chunk; chunks are repeated to the wanted size. */
const nearMisses: Record<string, (() => string)[]> = {
  MI001: [
    () => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${b64(85)}==;`,
    () => `AccountKey=${b64(87)}=`,
    () => `AccountKey=AccountKey=AccountKey=${b64(300)}`,
  ],
  MI002: [
    () => `${b64(76)}+ASt${b64(5)}A=`,
    () => `new StorageSharedKeyCredential("acct", "${b64(85)}=="); storage account_key azure `,
    () => `storage key: ${b64(500)}`,
  ],
  MI003: [
    () => `https://a.blob.core.windows.net/c?sv=2022-11-02&se=2030&sig=${'%'.repeat(39)}&`,
    () => `?sig=${b64(200)}sig=sig=&sv=`,
  ],
  MI004: [
    () => `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=${b64(42)};`,
    () => `${b64(33)}+ASb${b64(7)}`,
    () => `SharedAccessKey=${b64(400)}`,
  ],
  MI005: [
    () => `AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=${b64(85)}=;`,
    () => `${b64(76)}ACDb${b64(6)}=`,
    () => `cosmos key: "${b64(87)}" documents.azure.com `,
  ],
  MI006: [
    () => `Server=tcp:x.database.windows.net;Password=${'a'.repeat(200)}`,
    () => `postgres://user:${'p'.repeat(300)}`,
    () => `password: "${'x;'.repeat(100)} host: "x.postgres.database.azure.com" password=`,
    () => `mysql://${':'.repeat(200)}@`,
  ],
  MI007: [
    () => `abc8Q~${'a'.repeat(30)} `,
    () => `client_secret=${'Ab1~'.repeat(20)}`,
    () => `ClientSecretCredential(${'"a", '.repeat(50)}`,
    () => `Q~Q~Q~${'~'.repeat(100)}`,
  ],
  MI008: [
    () => `x.redis.cache.windows.net:6380,${'a'.repeat(250)}`,
    () => `rediss://:${'k'.repeat(300)}`,
    () => `${b64(33)}AzCa${b64(7)}`,
    () => `redis_key = "${b64(42)}"`,
  ],
  MI009: [
    () => `Endpoint=https://x.azconfig.io;Id=${'i'.repeat(150)};Secret=`,
    () => `azconfig.io;Id=a;Secret=${b64(19)};`,
  ],
  MI010: [
    () => `AzureKeyCredential("${hex(31)}") openai.azure.com `,
    () => `api_key=${'a'.repeat(40)}${hex(33)} azure `,
    () => `${alnum(42)}AzSe${alnum(4)} `,
  ],
  MI011: [
    () => `${b64(42)}+ACR${b64(4)} `,
    () => `docker login x.azurecr.io -u x -p ${'p'.repeat(19)} `,
  ],
  MI012: [
    () => `https://x.azurewebsites.net/api/f?${'a&'.repeat(200)}code=`,
    () => `${'a'.repeat(44)}AzFu${'b'.repeat(4)}==`,
    () => `x-functions-key: ${'k'.repeat(19)} `,
  ],
  MI013: [
    () => `Endpoint=https://x.service.signalr.net;${';'.repeat(100)}AccessKey=${b64(42)};`,
    () => `AccessKey=${b64(300)}`,
  ],
  MI014: [
    () => `aeg-sas-key: "${b64(42)}" `,
    () => `${b64(33)}AZEG${b64(7)} eventgrid_key=`,
  ],
  MI015: [
    () => `https://user:${'p'.repeat(127)} x.azurewebsites.net `,
    () => `https://${':'.repeat(100)}@x.windows.net `,
  ],
  MI016: [() => `Ocp-Apim-Subscription-Key: ${hex(31)} `],
  MI017: [() => `${alnum(52)}JQQJ9${alnum(20)} `],
  MI018: [
    () => `${b64(33)}AIoT${b64(6)} HostName=x.azure-devices.net;`,
    () => `HostName=x.azure-devices.net;SharedAccessKey=${b64(41)};`,
  ],
  MI019: [() => `${b64(76)}+ABa${b64(5)}= https://x.westus.batch.azure.com `],
  MI020: [() => `${b64(76)}+AMC${b64(4)}== `],
  MI021: [
    () => `endpoint=https://x.communication.azure.com/;accesskey=${b64(85)}=;`,
    () => `endpoint=https://${'x'.repeat(80)}.communication.azure.com/;accesskey=`,
  ],
};

function build(size: number, chunks: (() => string)[]): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const chunk = chunks[i % chunks.length]();
    parts.push(chunk);
    length += chunk.length;
  }
  return parts.join('').slice(0, size);
}

function bestOf(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

function assertLinear(label: string, chunks: (() => string)[]): void {
  const small = build(256 * 1024, chunks);
  const large = build(1024 * 1024, chunks);
  scanText(small.slice(0, 4096)); // warm up
  const tSmall = Math.max(bestOf(3, () => scanText(small)), 1);
  const tLarge = bestOf(3, () => scanText(large));
  assert.ok(tLarge < 2000, `${label}: 1 MB took ${tLarge.toFixed(0)} ms`);
  assert.ok(tLarge / tSmall < 8, `${label}: 1 MB / 256 KB = ${(tLarge / tSmall).toFixed(1)} (${tLarge.toFixed(1)} ms vs ${tSmall.toFixed(1)} ms)`);
}

describe('secret engine robustness (near-miss fuzzing)', () => {
  it('has near-miss inputs for every rule in the catalog', () => {
    for (const rule of ruleCatalog) assert.ok(nearMisses[rule.id]?.length, `near misses for ${rule.id}`);
  });

  for (const [ruleId, chunks] of Object.entries(nearMisses)) {
    it(`${ruleId}: 1 MB of near misses scans in linear time`, () => assertLinear(ruleId, chunks));
  }

  it('keyword soup (every keyword, back to back, with separators) scans in linear time', () => {
    const seps = ['', '=', ':', '"', ' ', ';', '://', '@', '\n'];
    assertLinear('keywords', [() => prefilterKeywords.map((k, i) => `${k}${seps[i % seps.length]}${b64(3)}`).join('')]);
  });

  it('long runs of separators, quotes and base64 scan in linear time', () => {
    assertLinear('runs', [() => `${'='.repeat(500)}${'"'.repeat(500)}${' '.repeat(500)}password${b64(2000)}azure${':'.repeat(500)}`]);
  });

  it('survives lone surrogates and replacement characters, and still reports exact ranges', () => {
    const key = `${b64(86)}==`;
    const text = `\uD800\uFFFD\uDC00 conn = "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=${key};" \uDFFF\uD83D`;
    const findings = scanText(text, { path: 'a.py' });
    assert.equal(findings.length, 1);
    assert.equal(text.slice(findings[0].secretRange.start, findings[0].secretRange.end), key);
    const noise = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(i % 7 === 0 ? 0xd800 + (i % 1024) : 0x20 + (i % 90))).join('');
    assert.doesNotThrow(() => scanText(noise));
  });

  it('a 50 MB single line (minified bundle with keywords) finishes, in time linear to a 5 MB one', () => {
    const unit = `var a=function(b){return b.password||process.env.AZURE_KEY||"storage"};x.accountKey=y;window.azure={sig:1};`;
    const filler = 'n=function(e,t){return e+t*2};'.repeat(20);
    const line = (size: number) => build(size, [() => unit + filler]);
    const five = line(5 * 1024 * 1024);
    const fifty = line(50 * 1024 * 1024);
    const t5 = Math.max(bestOf(1, () => scanText(five)), 1);
    const t50 = bestOf(1, () => scanText(fifty));
    assert.ok(t50 < 30_000, `50 MB took ${t50.toFixed(0)} ms`);
    assert.ok(t50 / t5 < 20, `50 MB / 5 MB = ${(t50 / t5).toFixed(1)}`);
  });
});
