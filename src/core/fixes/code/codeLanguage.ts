/**
 * The extension point for code languages. A language module implements `CodeLanguage`; the shared driver
 * (`planCodeFixes`) does the rest: it locates the secret with the module, asks it to rewrite every place
 * the secret flows into, removes the variable that held it, merges the imports and adds the
 * environment-variable fallback.
 */
import type { Finding, OffsetRange } from '../../secrets/types';
import type { FixDocument, FollowUp, IdentityChoice, PackageRequirement, SyntaxNode, SyntaxParsers, TextEdit } from '../types';
import type { ConnectionInfo } from './connectionInfo';

export type GrammarName = Parameters<SyntaxParsers['parse']>[0];

/** Where the secret sits in the syntax tree. */
export interface SecretSite {
  /** The string literal (or template) that holds the secret. */
  readonly literal: SyntaxNode;
  /** The expression whose value is the secret string: the literal, or a concatenation containing it. */
  readonly value: SyntaxNode;
  /** The value's string content without quotes (for reading endpoints out of a connection string). */
  readonly valueText: string;
  /** Set when the value initialises a variable (`const conn = "…"` / `conn = "…"`). */
  readonly binding?: Binding;
}

export interface Binding {
  readonly name: string;
  /** What to delete when every reference is rewritten (a whole statement, or one declarator). */
  readonly removal: OffsetRange;
  /** Every other occurrence of the name in the variable's scope (reads). */
  readonly references: readonly SyntaxNode[];
  /** Exported or module-level in a way other files may read: never removed. */
  readonly escapes: boolean;
}

/** A symbol the rewritten code needs from a module (`DefaultAzureCredential` from `@azure/identity`). */
export interface ImportNeed {
  readonly module: string;
  readonly name: string;
}

/** How one use of the secret becomes passwordless. */
export interface Rewrite {
  /** Short description for the quick fix title, e.g. `BlobServiceClient + DefaultAzureCredential`. */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly imports: readonly ImportNeed[];
  /** Imported names the rewrite may have made unused (`StorageSharedKeyCredential`); dropped if so. */
  readonly maybeUnused?: readonly string[];
  readonly followUps: readonly FollowUp[];
  readonly packages: readonly PackageRequirement[];
  /** The rewrite edits the literal itself (drops `PWD=…` from a connection string): keep the variable. */
  readonly keepsBinding?: boolean;
}

export interface RewriteContext {
  readonly text: string;
  readonly root: SyntaxNode;
  readonly doc: FixDocument;
  readonly finding: Finding;
  readonly identity: IdentityChoice;
  readonly site: SecretSite;
  readonly info: ConnectionInfo;
}

export interface CodeLanguage {
  /** Package ecosystem for `PackageRequirement`s. */
  readonly ecosystem: PackageRequirement['ecosystem'];
  grammar(doc: FixDocument): GrammarName;
  /** Locates the literal holding `finding.secretRange`; undefined when it is not in a string (comment…). */
  findSite(root: SyntaxNode, text: string, finding: Finding): SecretSite | undefined;
  /** Rewrites one use (the value itself, or one reference to the variable); undefined when unrecognised. */
  rewrite(use: SyntaxNode, ctx: RewriteContext): Rewrite | undefined;
  /**
   * Edits that add `needs` (merged into existing imports, never duplicated) and drop imported names in
   * `maybeUnused` that have no reference outside `rewritten` ranges.
   */
  importEdits(root: SyntaxNode, text: string, needs: readonly ImportNeed[], maybeUnused: readonly string[], rewritten: readonly OffsetRange[]): TextEdit[];
  /**
   * The expression reading an environment variable, what it needs imported, and any other edits the read
   * needs (a C# `const` the read initialises can no longer be constant).
   */
  environmentRead(name: string, ctx: RewriteContext): { expression: string; imports: readonly ImportNeed[]; edits?: readonly TextEdit[] };
}
