/**
 * Rewrites that change only the secret's string literal, the same in every language: connection strings
 * whose passwordless form is another connection string (SignalR `AuthType=azure`), consumed by SDKs we do
 * not need to see (the Azure SignalR SDK reads it from configuration or a constructor).
 */
import type { Rewrite, RewriteContext } from './codeLanguage';
import { grantRole } from './followUps';
import { parseConnectionString, resourceNameOf } from './connectionInfo';
import { rangeOf } from './syntax';
import { replace } from './textEdits';

/** `Endpoint=https://<n>.service.signalr.net;AccessKey=…;Version=1.0;` → `…;AuthType=azure;Version=1.0;`. */
export function rewriteSignalRLiteral(ctx: RewriteContext): Rewrite | undefined {
  const { literal, value } = ctx.site;
  if (ctx.finding.service !== 'signalR' || literal.startIndex !== value.startIndex || literal.endIndex !== value.endIndex) return undefined;
  const raw = literal.text;
  const open = /^[A-Za-z]*("""|'''|"|'|`)/.exec(raw);
  if (!open || !raw.endsWith(open[1]) || /\$\{|\\/.test(raw)) return undefined;
  const content = raw.slice(open[0].length, raw.length - open[1].length);
  const cs = parseConnectionString(content);
  const endpoint = cs.get('endpoint');
  if (!endpoint || !/\.signalr\.net/i.test(endpoint) || !cs.has('accesskey')) return undefined;
  const auth = ctx.identity.kind === 'userAssigned' ? `AuthType=azure.msi;ClientId=${ctx.identity.clientId}` : 'AuthType=azure';
  const parts = content
    .split(';')
    .filter((p) => p.trim() !== '')
    .map((p) => (/^\s*accesskey\s*=/i.test(p) ? auth : p));
  const newText = `${open[0]}${parts.join(';')};${open[1]}`;
  return {
    title: `SignalR connection string with ${ctx.identity.kind === 'userAssigned' ? 'AuthType=azure.msi' : 'AuthType=azure'}`,
    edits: [replace(rangeOf(literal), newText)],
    imports: [],
    followUps: [grantRole('signalR', resourceNameOf(endpoint))],
    packages: [],
    keepsBinding: true,
  };
}
