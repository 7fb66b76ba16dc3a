/**
 * What "Create User-Assigned Identity" checks and offers as the user answers its steps: live validation
 * of the new resource group's and the identity's names, and the location choices. Pure (no `vscode`), so
 * unit tests run them directly.
 */
import type { LocationInfo } from '../../../azure/SubscriptionService';
import { isValidResourceGroupName, validateResourceGroupName } from '../../../core/arm/armId';
import { isValidIdentityName, validateIdentityName } from '../../../core/arm/validation';
import { errorMessage } from '../../../core/errors';

/** Why `value` cannot name a new resource group (`existing` holds the lower-cased names already there), or undefined. */
export function newResourceGroupProblem(value: string, existing: ReadonlySet<string>): string | undefined {
  if (!isValidResourceGroupName(value)) return problemOf(() => validateResourceGroupName(value));
  return existing.has(value.toLowerCase()) ? `${value} already exists: pick it from the list instead.` : undefined;
}

/** Why `value` cannot name a new identity in `resourceGroup` (`taken` holds the lower-cased names already there), or undefined. */
export function identityNameProblem(value: string, taken: ReadonlySet<string>, resourceGroup: string): string | undefined {
  if (!isValidIdentityName(value)) return problemOf(() => validateIdentityName(value));
  return taken.has(value.toLowerCase()) ? `An identity named ${value} already exists in ${resourceGroup}.` : undefined;
}

function problemOf(validate: () => unknown): string | undefined {
  try {
    validate();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

export interface LocationChoice {
  readonly label: string;
  readonly description: string;
  /** The ARM name, `westeurope`. */
  readonly location: string;
}

/**
 * The locations to offer, the resource group's first so that Enter keeps it. `groupLocation` may be a
 * display name (`West Europe`); a group location the subscription does not list is still offered.
 */
export function locationChoices(locations: readonly LocationInfo[], groupLocation: string | undefined, resourceGroup: string): LocationChoice[] {
  const preferred = groupLocation?.replace(/\s+/g, '').toLowerCase();
  const choices = locations
    .map((l) => ({ label: l.displayName, description: l.name === preferred ? `${l.name} · location of ${resourceGroup}` : l.name, location: l.name }))
    .sort((a, b) => Number(b.location === preferred) - Number(a.location === preferred));
  if (preferred !== undefined && !choices.some((l) => l.location === preferred)) choices.unshift({ label: preferred, description: `location of ${resourceGroup}`, location: preferred });
  return choices;
}
