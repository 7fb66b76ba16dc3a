/**
 * The fix planner's public types. A plan is a list of text edits against the original document plus the
 * follow-up the user must do outside the file (grant a role, run a SQL statement). Planning is pure:
 * parsers are passed in (see `SyntaxParsers`), nothing is read from disk.
 */
import type { AzureService, Finding, OffsetRange } from '../secrets/types';

export interface TextEdit {
  /** Range in the ORIGINAL text; edits of one plan never overlap. */
  readonly range: OffsetRange;
  readonly newText: string;
}

/** Which identity the rewritten code should use. */
export type IdentityChoice =
  /** `DefaultAzureCredential()`: the developer's sign-in locally, the system-assigned identity in Azure. */
  | { readonly kind: 'default' }
  /** A user-assigned identity: `ManagedIdentityCredential` / `managedIdentityClientId` with its client ID. */
  | { readonly kind: 'userAssigned'; readonly clientId: string; readonly name?: string };

export interface RoleRecommendation {
  readonly roleName: string;
  /** Built-in role definition GUID (ARM), or the Cosmos DB data-plane role id. */
  readonly roleDefinitionId: string;
  /** Why this role, in a few words ("read and write blobs"). */
  readonly reason: string;
  /** `arm` roles are granted with a role assignment; `cosmosDataPlane` with a Cosmos SQL role assignment. */
  readonly plane: 'arm' | 'cosmosDataPlane';
}

/** What to grant, to whom and where, after the code no longer holds a secret. */
export interface GrantRoleFollowUp {
  readonly kind: 'grantRole';
  readonly service: AzureService;
  /** ARM resource type of the target, e.g. `Microsoft.Storage/storageAccounts`. */
  readonly resourceType: string;
  /** Resource name as far as the secret revealed it (account, namespace, server), if known. */
  readonly resourceName?: string;
  /** Least privilege first. */
  readonly roles: readonly RoleRecommendation[];
}

/** A step outside ARM RBAC (SQL `CREATE USER … FROM EXTERNAL PROVIDER`, enabling Entra auth on Redis…). */
export interface ManualStepFollowUp {
  readonly kind: 'manualStep';
  readonly title: string;
  /** Commands or statements to run, ready to copy. */
  readonly detail: string;
}

export type FollowUp = GrantRoleFollowUp | ManualStepFollowUp;

/** A package the rewritten code needs (the planner edits manifests it can see; this lists them all). */
export interface PackageRequirement {
  readonly ecosystem: 'npm' | 'pypi' | 'nuget' | 'maven' | 'go';
  readonly name: string;
}

export interface FixPlan {
  /** Shown as the quick fix title, e.g. "Use managed identity (BlobServiceClient + DefaultAzureCredential)". */
  readonly title: string;
  readonly strategy: 'passwordless' | 'keyVaultReference' | 'environmentRead';
  /** True for the fix the editor should offer as preferred (one per finding at most). */
  readonly preferred: boolean;
  readonly edits: readonly TextEdit[];
  readonly followUps: readonly FollowUp[];
  readonly packages: readonly PackageRequirement[];
}

/** Languages the planner understands, by VS Code language id. */
export type FixLanguage =
  | 'javascript'
  | 'typescript'
  | 'javascriptreact'
  | 'typescriptreact'
  | 'python'
  | 'csharp'
  | 'java'
  | 'go'
  | 'json'
  | 'jsonc'
  | 'dotenv'
  | 'yaml'
  | 'properties';

/** Minimal view of a tree-sitter syntax tree that the planner needs; satisfied by web-tree-sitter. */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly text: string;
  readonly parent: SyntaxNode | null;
  readonly namedChildren: readonly (SyntaxNode | null)[];
  readonly children: readonly (SyntaxNode | null)[];
  readonly hasError: boolean;
  childForFieldName(name: string): SyntaxNode | null;
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
}

export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
}

/** Parses source text of a language; provided by the caller (src/node loads the WASM grammars). */
export interface SyntaxParsers {
  parse(language: 'javascript' | 'typescript' | 'tsx' | 'python' | 'csharp' | 'java' | 'go', text: string): SyntaxTree;
}

export interface FixDocument {
  readonly text: string;
  readonly path?: string;
  readonly languageId?: string;
}

export interface PlanContext {
  readonly parsers: SyntaxParsers;
  readonly identity: IdentityChoice;
}

export type { Finding };
