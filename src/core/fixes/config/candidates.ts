import type { Finding } from '../../secrets/types';
import type { FixPlan, FollowUp, IdentityChoice, ManualStepFollowUp, PackageRequirement } from '../types';

/** One way to fix a config file: the whole new text (turned into minimal edits by the planner). */
export interface Candidate {
  readonly title: string;
  readonly strategy: FixPlan['strategy'];
  readonly text: string;
  /** Follow-ups specific to this rewrite, after the role grants the planner adds for passwordless plans. */
  readonly notes?: readonly FollowUp[];
  readonly packages?: readonly PackageRequirement[];
  /** Storage data kinds the new settings address (for the role follow-ups); blob when absent. */
  readonly storageTargets?: readonly ('blob' | 'queue' | 'table')[];
  /** Functions host storage: Blob Data Owner + Queue and Table Data Contributor. */
  readonly hostStorage?: boolean;
}

export interface ConfigInput {
  readonly text: string;
  readonly finding: Finding;
  readonly identity: IdentityChoice;
  readonly path: string;
}

export const note = (title: string, detail: string): ManualStepFollowUp => ({ kind: 'manualStep', title, detail });

/** For a user-assigned identity when the value itself cannot name it: DefaultAzureCredential reads AZURE_CLIENT_ID. */
export function clientIdNote(identity: IdentityChoice): ManualStepFollowUp[] {
  if (identity.kind !== 'userAssigned') return [];
  return [note(
    'Tell DefaultAzureCredential which user-assigned identity to use',
    `Set the environment variable AZURE_CLIENT_ID=${identity.clientId} where the app runs (or pass the client ID as ManagedIdentityClientId / managedIdentityClientId in code).`,
  )];
}

export function codeChangeNote(what: string): ManualStepFollowUp {
  return note('Update the code that reads this setting', what);
}
