/**
 * What "Add Federated Credential" proposes and shows before creating: a default name from the inputs, and
 * the trust it creates in one line.
 */
import type { FederatedCredentialSpec, GitHubActionsInput, KubernetesInput } from './federatedCredentials';

/** A valid credential name (3–120 of letters, digits, hyphens, underscores) derived from the inputs. */
export function suggestFederatedCredentialName(input: { readonly github: GitHubActionsInput } | { readonly kubernetes: KubernetesInput }): string {
  let parts: string[];
  if ('github' in input) {
    const { repository, entity } = input.github;
    const what = entity.kind === 'branch' ? entity.branch : entity.kind === 'tag' ? `tag-${entity.tag}` : entity.kind === 'environment' ? `env-${entity.environment}` : 'pull-request';
    parts = ['github', repository, what];
  } else {
    parts = ['k8s', input.kubernetes.namespace, input.kubernetes.serviceAccount];
  }
  let name = parts
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 120)
    .replace(/[-_]+$/, '');
  if (name.length < 3) name = `${name}-fic`.replace(/^[-_]+/, '');
  return name;
}

/** "Tokens from <issuer> with subject <subject> (audience <aud>) can sign in as this identity." */
export function describeFederatedCredential(spec: FederatedCredentialSpec): string {
  return `Tokens issued by ${spec.issuer} with subject "${spec.subject}" (audience ${spec.audiences.join(', ')}) will be able to sign in as this identity.`;
}
