/**
 * Checks whether a storage SAS was signed with a known key: the public Azurite / storage emulator key. A SAS
 * signed with it is test data however it is written (often with no `devstoreaccount1` URL anywhere near it),
 * so it is reported as information, like the key itself.
 *
 * A SAS signature is base64(HMAC-SHA256(key, string-to-sign)); the string-to-sign is built from the SAS
 * parameters as the storage REST documentation describes ("Create an account SAS", "Create a service SAS").
 * Account SAS (with `ss` and `srt`) needs only the account name; a blob or container service SAS also needs
 * the resource path, taken from the URL when the SAS is part of one.
 */
import { createHmac } from 'node:crypto';
import { decodeBase64 } from './identifiableChecksum';

/** The public storage emulator account and key (Azurite, documented). */
export const emulatorAccount = 'devstoreaccount1';
export const emulatorKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return value;
  }
}

/** The parameters of a SAS query (`sv=…&sig=…`), decoded; the first occurrence of a name wins. */
export function parseSasQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.replace(/^[?&;]+/, '').split(/&(?:amp;)?/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).toLowerCase();
    if (!params.has(name)) params.set(name, decodeParam(part.slice(eq + 1)));
  }
  return params;
}

/** The candidate strings-to-sign for these parameters (one per layout the version could use). */
function stringsToSign(p: Map<string, string>, account: string, resourcePath: string | undefined): string[] {
  const v = (name: string): string => p.get(name) ?? '';
  const version = v('sv');
  const out: string[] = [];
  if (p.has('ss') && p.has('srt')) {
    const base = [account, v('sp'), v('ss'), v('srt'), v('st'), v('se'), v('sip'), v('spr'), version];
    out.push(`${base.join('\n')}\n`);
    out.push(`${[...base, v('ses')].join('\n')}\n`);
    return out;
  }
  if (resourcePath === undefined) return out;
  // Blob service SAS: canonicalized resource /blob/<account>/<container>[/<blob>].
  const canonical = `/blob/${account}${resourcePath}`;
  const head = [v('sp'), v('st'), v('se'), canonical, v('si'), v('sip'), v('spr'), version, v('sr'), v('snapshot') || v('sst') || ''];
  const tail = [v('rscc'), v('rscd'), v('rsce'), v('rscl'), v('rsct')];
  out.push([...head, v('ses'), ...tail].join('\n'));
  out.push([...head, ...tail].join('\n'));
  return out;
}

/**
 * True when `signature` (as written, possibly URL-encoded) is the HMAC of this SAS under `key`. `resourcePath`
 * is the URL path after the host (`/container/blob`) when known.
 */
export function isSasSignedWith(query: string, key: string, account: string, resourcePath?: string): boolean {
  const params = parseSasQuery(query);
  const signature = params.get('sig');
  if (!signature || !params.get('sv')) return false;
  const keyBytes = decodeBase64(key);
  if (!keyBytes) return false;
  return stringsToSign(params, account, resourcePath).some((s) => createHmac('sha256', keyBytes).update(s, 'utf8').digest('base64') === signature);
}
