/**
 * YAML settings: Kubernetes container `env` (`- name: X` / `value: …`), GitHub Actions `env:` maps, docker
 * compose `environment:` (map or `- X=value` list) and any other `key: value` map. The `yaml` parser gives
 * the exact source range of the scalar holding the secret; the edits replace that range (and the name next to
 * it) as text, so comments, anchors and layout elsewhere survive untouched.
 *
 * Preferred: the endpoint-only / password-free value when the service has one (the variable renamed like in
 * .env). Otherwise, and as the alternative, the secret stays a secret but leaves the file (`environmentRead`):
 * `valueFrom.secretKeyRef` in Kubernetes, `${{ secrets.NAME }}` in GitHub Actions, `${NAME}` in compose.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type Pair, type Scalar, visit } from 'yaml';
import type { Candidate, ConfigInput } from './candidates';
import { clientIdNote, codeChangeNote, note } from './candidates';
import { eolOf, inPlaceValue, renamedForEndpoint } from './configValues';
import { type SpringRewrite, springIdentityNotes, springRewrite } from './springSettings';

type Flavor = 'kubernetes' | 'githubActions' | 'compose' | 'generic';

interface Site {
  readonly flavor: Flavor;
  readonly name: string;
  /** The scalar with the value. */
  readonly scalar: Scalar;
  /** Scalar holding the variable name (k8s `name:` value or the map key); absent for compose `- X=v`. */
  readonly nameScalar?: Scalar;
  /** Compose list item `X=value`: the value starts after `X=` inside the scalar. */
  readonly inlineName?: boolean;
  /** k8s: the `value:` pair, replaced whole by `valueFrom:`. */
  readonly valuePair?: Pair;
  /** The dotted path of the setting (`spring.cloud.azure.cosmos.key`, `…stores[0].connection-string`). */
  readonly path: string;
  /** Every setting path in the document, for "is this other setting there?". */
  readonly paths: ReadonlySet<string>;
}

/** The dotted path of a node from its ancestors: map keys, and `[N]` for sequence items. */
function pathOf(ancestors: readonly unknown[], node: unknown): string {
  let path = '';
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    if (isPair(a) && isScalar(a.key)) path += `${path ? '.' : ''}${String(a.key.value)}`;
    else if (isSeq(a)) path += `[${a.items.indexOf((ancestors[i + 1] ?? node))}]`;
  }
  return path;
}

function flavorOf(text: string, path: string): Flavor {
  if (/(^|\/)\.github\/workflows\//.test(path) || (/^on:/m.test(text) && /^jobs:/m.test(text))) return 'githubActions';
  if (/^(apiVersion|kind):/m.test(text)) return 'kubernetes';
  if (/(^|\/)(docker-)?compose[^/]*\.ya?ml$/i.test(path) || /^services:/m.test(text)) return 'compose';
  return 'generic';
}

function findSite(text: string, offset: number, path: string): Site | undefined {
  const flavor = flavorOf(text, path);
  let site: Site | undefined;
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    const paths = new Set<string>();
    visit(doc, {
      Pair(_key, pair, ancestors) {
        if (isScalar(pair.key)) paths.add(pathOf([...ancestors, pair], pair).toLowerCase());
      },
    });
    visit(doc, {
      Scalar(_key, node, ancestors) {
        if (site || !node.range || offset < node.range[0] || offset >= node.range[1] || typeof node.value !== 'string') return;
        const settingPath = pathOf(ancestors, node);
        const parent = ancestors[ancestors.length - 1];
        if (isPair(parent) && parent.value === node && isScalar(parent.key)) {
          const key = String(parent.key.value);
          const map = ancestors[ancestors.length - 2];
          if (key === 'value' && isMap(map)) {
            const nameNode = map.get('name', true);
            if (isScalar(nameNode) && typeof nameNode.value === 'string') {
              site = { flavor: flavor === 'generic' ? 'kubernetes' : flavor, name: nameNode.value, scalar: node, nameScalar: nameNode, valuePair: parent, path: settingPath, paths };
              return visit.BREAK;
            }
          }
          site = { flavor, name: key, scalar: node, nameScalar: parent.key, path: settingPath, paths };
          return visit.BREAK;
        }
        if (isSeq(parent) && /^[A-Za-z_][A-Za-z0-9_.-]*=/.test(node.value)) {
          site = { flavor: 'compose', name: node.value.slice(0, node.value.indexOf('=')), scalar: node, inlineName: true, path: settingPath, paths };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (site) break;
  }
  return site;
}

const rangeOf = (n: YamlNode): [number, number] => [n.range![0], n.range![1]];

/** A scalar in the style of the original: plain when safe, else double-quoted (JSON escapes are valid YAML). */
function render(original: Scalar, value: string): string {
  if (original.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (original.type === 'PLAIN' && /^[A-Za-z0-9_./@:+-][^#:]*$/.test(value) && !/:\s|\s#|^[-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/:$/.test(value)) return value;
  return JSON.stringify(value);
}

interface Replace { start: number; end: number; text: string }

function apply(text: string, edits: Replace[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function setValue(text: string, site: Site, value: string, newName?: string): string {
  const [start, end] = rangeOf(site.scalar);
  if (site.inlineName) {
    return apply(text, [{ start, end, text: render(site.scalar, `${newName ?? site.name}=${value}`) }]);
  }
  const edits: Replace[] = [{ start, end, text: render(site.scalar, value) }];
  if (newName && newName !== site.name && site.nameScalar) {
    const [ns, ne] = rangeOf(site.nameScalar);
    edits.push({ start: ns, end: ne, text: render(site.nameScalar, newName) });
  }
  return apply(text, edits);
}

/**
 * A Spring rewrite on the setting's own line: its key and value replaced (`namespace: <name>`) with any added
 * siblings on lines of their own at the same indentation, or the line removed.
 */
function springEdit(text: string, site: Site, spring: SpringRewrite): string {
  const eol = eolOf(text);
  const [keyStart] = rangeOf(site.nameScalar!);
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const lineEnd = text.indexOf('\n', site.scalar.range![1]);
  const next = lineEnd === -1 ? text.length : lineEnd + 1;
  const indent = text.slice(lineStart, keyStart);
  const added = (spring.add ?? []).map((a) => `${indent}${a.name}: ${a.value}${eol}`).join('');
  if (spring.name === undefined) return text.slice(0, lineStart) + added + text.slice(next);
  const line = `${indent}${spring.name}: ${render(site.scalar, spring.value ?? '')}${eol}`;
  return text.slice(0, lineStart) + line + added + text.slice(next);
}

const secretRefName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'app-secrets';

function environmentRead(text: string, site: Site): Candidate {
  const eol = eolOf(text);
  if (site.flavor === 'kubernetes' && site.valuePair && isScalar(site.valuePair.key)) {
    const keyStart = site.valuePair.key.range![0];
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    const column = text.slice(lineStart, keyStart).replace(/[^\t]/g, ' ');
    const unit = '  ';
    const key = secretRefName(site.name);
    const block = [`valueFrom:`, `${column}${unit}secretKeyRef:`, `${column}${unit}${unit}name: app-secrets`, `${column}${unit}${unit}key: ${key}`].join(eol);
    return {
      title: `Read ${site.name} from a Kubernetes secret (valueFrom.secretKeyRef)`,
      strategy: 'environmentRead',
      text: apply(text, [{ start: keyStart, end: site.scalar.range![1], text: block }]),
      notes: [note('Create the Kubernetes secret', `kubectl create secret generic app-secrets --from-literal=${key}="<the value removed from this file>"\nOr sync it from Key Vault with the Secrets Store CSI driver. Rotate the committed value.`)],
    };
  }
  if (site.flavor === 'githubActions') {
    const secret = site.name.replace(/[^A-Za-z0-9_]+/g, '_').toUpperCase();
    return {
      title: `Read ${site.name} from the repository secret ${secret}`,
      strategy: 'environmentRead',
      text: setValueRaw(text, site, `\${{ secrets.${secret} }}`),
      notes: [note('Create the repository secret', `gh secret set ${secret} (paste the value when asked), then rotate the committed value. Better: log in with azure/login and OpenID Connect and drop the secret.`)],
    };
  }
  const variable = site.name.replace(/[^A-Za-z0-9_]+/g, '_').toUpperCase();
  return {
    title: `Read ${site.name} from the environment variable ${variable}`,
    strategy: 'environmentRead',
    text: setValueRaw(text, site, `\${${variable}}`),
    notes: [note('Supply the value outside the repository', `Set ${variable} in the environment (an untracked .env next to the compose file, or the platform's secret store) and rotate the committed value.`)],
  };
}

/** Sets an expression value (`${{ … }}`, `${…}`): always double-quoted unless the original was single-quoted. */
function setValueRaw(text: string, site: Site, expr: string): string {
  const [start, end] = rangeOf(site.scalar);
  const body = site.inlineName ? `${site.name}=${expr}` : expr;
  const quoted = site.scalar.type === 'QUOTE_SINGLE' ? `'${body}'` : JSON.stringify(body);
  return apply(text, [{ start, end, text: quoted }]);
}

export function yamlCandidates(input: ConfigInput): Candidate[] {
  const { text, finding, identity } = input;
  const site = findSite(text, finding.secretRange.start, input.path);
  if (!site) return [];
  const raw = String(site.scalar.value);
  const value = site.inlineName ? raw.slice(site.name.length + 1) : raw;
  const out: Candidate[] = [];
  const spring = site.nameScalar ? springRewrite(site.path, finding, value, (p) => site.paths.has(p.toLowerCase())) : undefined;
  if (spring) {
    out.push({ title: spring.title, strategy: 'passwordless', text: springEdit(text, site, spring), notes: springIdentityNotes(identity) });
    out.push(environmentRead(text, site));
    return out;
  }
  const inPlace = inPlaceValue(finding, value, identity);
  if (inPlace) {
    const newName = inPlace.shape === 'endpoint' ? renamedForEndpoint(site.name, inPlace.nameWords ?? ['ENDPOINT']) : undefined;
    out.push({
      title: inPlace.shape === 'endpoint' ? `Use managed identity: ${site.name} → ${newName ?? site.name} (endpoint only)` : `Use managed identity: remove the secret from ${site.name}`,
      strategy: 'passwordless',
      text: setValue(text, site, inPlace.value, newName),
      notes: [
        ...(finding.service === 'sql' || finding.service === 'signalR' ? [] : clientIdNote(identity)),
        ...(newName && newName !== site.name ? [codeChangeNote(`Read ${newName} and build the client from it with DefaultAzureCredential.`)] : []),
        ...(site.flavor === 'kubernetes' ? [note('Give the pod an identity', 'Use AKS workload identity: a service account annotated with azure.workload.identity/client-id and the pod label azure.workload.identity/use: "true".')] : []),
      ],
    });
  }
  out.push(environmentRead(text, site));
  return out;
}
