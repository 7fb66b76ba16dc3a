/**
 * Federated identity credentials: the issuer/subject/audience triples that let an external workload
 * (GitHub Actions, a Kubernetes service account) exchange its own token for the identity's. Pure builders
 * with validation, so the command layer only collects inputs.
 */
import { ToolError } from '../errors';

export const githubActionsIssuer = 'https://token.actions.githubusercontent.com';
/** The audience Microsoft Entra expects in the external token. */
export const azureAdTokenExchangeAudience = 'api://AzureADTokenExchange';

export interface FederatedCredentialSpec {
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: string[];
}

export type GitHubActionsEntity =
  | { readonly kind: 'branch'; readonly branch: string }
  | { readonly kind: 'tag'; readonly tag: string }
  | { readonly kind: 'environment'; readonly environment: string }
  | { readonly kind: 'pullRequest' };

export interface GitHubActionsInput {
  readonly organization: string;
  readonly repository: string;
  readonly entity: GitHubActionsEntity;
}

// GitHub: owners are 1–39 alphanumerics or single hyphens; repositories 1–100 of [A-Za-z0-9._-].
const ownerPattern = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const repoPattern = /^[A-Za-z0-9._-]{1,100}$/;

function refName(value: string, what: string): string {
  // git check-ref-format, the parts that matter for a subject: no spaces or control characters, no "..",
  // no ":" (the subject separator), no leading/trailing "/" or ".", no "~^?*[\".
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 255 ||
    /[\s\x00-\x1f\x7f~^:?*[\\]/.test(value) ||
    value.includes('..') ||
    value.includes('//') ||
    value.includes('@{') ||
    /^[/.]|[/.]$/.test(value) ||
    value.endsWith('.lock')
  ) {
    throw new ToolError('invalidInput', `"${String(value)}" is not a valid ${what} name.`);
  }
  return value;
}

/** Subject and issuer for a GitHub Actions workflow, in the format GitHub puts in its OIDC token's `sub` claim. */
export function buildGitHubActionsCredential(input: GitHubActionsInput): FederatedCredentialSpec {
  if (!ownerPattern.test(input.organization ?? '')) throw new ToolError('invalidInput', `"${String(input.organization)}" is not a valid GitHub organization or user name.`);
  if (!repoPattern.test(input.repository ?? '') || input.repository === '.' || input.repository === '..') {
    throw new ToolError('invalidInput', `"${String(input.repository)}" is not a valid GitHub repository name.`);
  }
  const prefix = `repo:${input.organization}/${input.repository}`;
  let subject: string;
  switch (input.entity.kind) {
    case 'branch':
      subject = `${prefix}:ref:refs/heads/${refName(input.entity.branch, 'branch')}`;
      break;
    case 'tag':
      subject = `${prefix}:ref:refs/tags/${refName(input.entity.tag, 'tag')}`;
      break;
    case 'environment': {
      const env = input.entity.environment;
      // GitHub environment names: up to 255 characters, no control characters, not containing ":" (it would split the subject).
      if (typeof env !== 'string' || env.trim() === '' || env.length > 255 || /[\x00-\x1f\x7f:]/.test(env)) {
        throw new ToolError('invalidInput', `"${String(env)}" is not a valid GitHub environment name.`);
      }
      subject = `${prefix}:environment:${env}`;
      break;
    }
    case 'pullRequest':
      subject = `${prefix}:pull_request`;
      break;
  }
  return { issuer: githubActionsIssuer, subject, audiences: [azureAdTokenExchangeAudience] };
}

export interface KubernetesInput {
  /** The cluster's OIDC issuer URL (AKS: `az aks show --query oidcIssuerProfile.issuerUrl`). */
  readonly issuerUrl: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

// Kubernetes namespaces are DNS-1123 labels; service account names DNS-1123 subdomains.
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/** Subject `system:serviceaccount:{namespace}:{serviceAccount}` with the cluster's issuer. */
export function buildKubernetesCredential(input: KubernetesInput): FederatedCredentialSpec {
  const issuer = validateIssuerUrl(input.issuerUrl);
  if (!dnsLabel.test(input.namespace ?? '')) throw new ToolError('invalidInput', `"${String(input.namespace)}" is not a valid Kubernetes namespace (lower-case letters, digits and hyphens, at most 63).`);
  if (!dnsSubdomain.test(input.serviceAccount ?? '')) throw new ToolError('invalidInput', `"${String(input.serviceAccount)}" is not a valid Kubernetes service account name.`);
  return { issuer, subject: `system:serviceaccount:${input.namespace}:${input.serviceAccount}`, audiences: [azureAdTokenExchangeAudience] };
}

/** Issuers must be https URLs without query or fragment (Entra rejects anything else). */
export function validateIssuerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ToolError('invalidInput', `"${String(url)}" is not a valid issuer URL.`);
  }
  if (parsed.protocol !== 'https:' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new ToolError('invalidInput', `The issuer URL must be an https URL without query, fragment or credentials; got "${url}".`);
  }
  return url;
}

/** Validation for a hand-entered credential (the "other issuer" case) and for what the builders produce. */
export function validateFederatedCredentialSpec(spec: FederatedCredentialSpec): FederatedCredentialSpec {
  validateIssuerUrl(spec.issuer);
  if (typeof spec.subject !== 'string' || spec.subject.length === 0 || spec.subject.length > 600) {
    throw new ToolError('invalidInput', 'The subject must be 1–600 characters long.');
  }
  if (!Array.isArray(spec.audiences) || spec.audiences.length !== 1 || typeof spec.audiences[0] !== 'string' || spec.audiences[0].length === 0 || spec.audiences[0].length > 600) {
    throw new ToolError('invalidInput', 'A federated credential takes exactly one audience of 1–600 characters.');
  }
  return { issuer: spec.issuer, subject: spec.subject, audiences: [...spec.audiences] };
}
