/**
 * Fix planner for configuration files: JSON settings (local.settings.json, App Service app settings,
 * appsettings*.json), .env, YAML (Kubernetes, GitHub Actions, compose) and .properties (Spring). Each format
 * module returns candidate rewrites as whole new texts; this module turns them into minimal edits against
 * the original, adds the role grants and the steps outside ARM from the role catalog, and marks the first
 * plan preferred. Pure and total: odd input gives `[]`.
 */
import { followUpsFor, grantRoleFollowUp, keyVaultSecretsUserFollowUp, manualStepsFor, recommendRolesForTarget } from '../../roles/roleCatalog';
import type { Finding } from '../../secrets/types';
import type { FixDocument, FixPlan, FollowUp, GrantRoleFollowUp, IdentityChoice, PlanContext } from '../types';
import type { Candidate, ConfigInput } from './candidates';
import { diffEdits } from './configValues';
import { jsonCandidates } from './jsonSettings';
import { dotenvCandidates, propertiesCandidates } from './lineSettings';
import { yamlCandidates } from './yamlSettings';

export type ConfigKind = 'json' | 'dotenv' | 'yaml' | 'properties';

/** The config format of a document, by language id first, then by file name. */
export function configKindOf(doc: FixDocument): ConfigKind | undefined {
  const id = doc.languageId;
  if (id === 'json' || id === 'jsonc') return 'json';
  if (id === 'dotenv') return 'dotenv';
  if (id === 'yaml' || id === 'github-actions-workflow' || id === 'dockercompose') return 'yaml';
  if (id === 'properties' || id === 'spring-boot-properties' || id === 'java-properties') return 'properties';
  const path = (doc.path ?? '').replace(/\\/g, '/');
  if (/\.jsonc?$/i.test(path)) return 'json';
  if (/(^|\/)\.env(\.[^/]*)?$|\.env$/i.test(path)) return 'dotenv';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.properties$/i.test(path)) return 'properties';
  return undefined;
}

/**
 * Plans for one finding in a config document, preferred first (at most one preferred). Empty when the
 * format is not a config format or the secret is not in a setting value the planner understands.
 */
export function planConfigFixes(doc: FixDocument, finding: Finding, context: PlanContext): FixPlan[] {
  try {
    const kind = configKindOf(doc);
    if (!kind || typeof doc.text !== 'string') return [];
    const { start, end } = finding.secretRange;
    if (!(start >= 0 && end > start && end <= doc.text.length)) return [];
    const input: ConfigInput = { text: doc.text, finding, identity: context.identity, path: (doc.path ?? '').replace(/\\/g, '/') };
    const candidates = candidatesFor(kind, input);
    const secret = doc.text.slice(start, end);
    const plans: FixPlan[] = [];
    for (const c of candidates) {
      if (c.text === doc.text || c.text.includes(secret)) continue;
      plans.push({
        title: c.title,
        strategy: c.strategy,
        preferred: plans.length === 0,
        edits: diffEdits(doc.text, c.text),
        followUps: followUpsOf(c, finding, context.identity),
        packages: [...(c.packages ?? [])],
      });
    }
    return plans;
  } catch {
    return [];
  }
}

function candidatesFor(kind: ConfigKind, input: ConfigInput): Candidate[] {
  switch (kind) {
    case 'json':
      return jsonCandidates(input);
    case 'dotenv':
      return dotenvCandidates(input);
    case 'yaml':
      return yamlCandidates(input);
    case 'properties':
      return propertiesCandidates(input);
  }
}

function followUpsOf(c: Candidate, finding: Finding, identity: IdentityChoice): FollowUp[] {
  const notes = [...(c.notes ?? [])];
  if (c.strategy === 'keyVaultReference') return [keyVaultSecretsUserFollowUp(undefined), ...notes];
  if (c.strategy === 'environmentRead') return notes;
  if (finding.service === 'storage') {
    const grants: GrantRoleFollowUp[] = [];
    if (c.hostStorage) {
      // The Functions host's own storage: blobs (leases, keys), queues and tables.
      const base = grantRoleFollowUp(finding, { target: 'blob' });
      if (base) {
        grants.push(
          { ...base, roles: recommendRolesForTarget('blob', 'owner') },
          { ...base, roles: recommendRolesForTarget('queue', 'owner') },
          { ...base, roles: recommendRolesForTarget('table', 'owner') },
        );
      }
    } else {
      for (const target of c.storageTargets ?? ['blob']) {
        const g = grantRoleFollowUp(finding, { target });
        if (g) grants.push(g);
      }
    }
    return [...grants, ...manualStepsFor(finding, identity), ...notes];
  }
  return [...followUpsFor(finding, identity), ...notes];
}
