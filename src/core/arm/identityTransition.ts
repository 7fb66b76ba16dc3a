/**
 * The managed identity block of a resource, and how it changes when the user enables or disables the
 * system-assigned identity or attaches or detaches user-assigned identities. Pure: the assignment service
 * GETs the resource, asks this module for the PATCH body, and sends exactly that.
 */
import { ToolError } from '../errors';
import { parseResourceIdOfType } from './armId';
import type { IdentityTypeSpelling } from './resourceTypes';

export const userAssignedIdentityType = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export type IdentityTypeName = 'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned' | 'SystemAssigned,UserAssigned';

/** A resource's identity, as far as the transitions care. */
export interface IdentityState {
  readonly systemAssigned: boolean;
  /** User-assigned identity ids, with the key spelling the resource returned (ARM ids compare case-insensitively). */
  readonly userAssigned: readonly string[];
}

export type IdentityOperation =
  | { readonly kind: 'enableSystemAssigned' }
  | { readonly kind: 'disableSystemAssigned' }
  | { readonly kind: 'attachUserAssigned'; readonly identityIds: readonly string[] }
  | { readonly kind: 'detachUserAssigned'; readonly identityIds: readonly string[] };

export interface IdentityConstraints {
  /** How to spell the combined type on the wire; default `commaSpace`. */
  readonly spelling?: IdentityTypeSpelling;
  /** Default true. */
  readonly supportsSystemAndUser?: boolean;
  readonly maxUserAssigned?: number;
}

/** The `identity` block to PATCH: only the identity, nothing else of the resource. */
export interface IdentityPatch {
  readonly type: IdentityTypeName;
  /** Present when the new type includes UserAssigned: every kept or added id → `{}`, every removed id → `null`. */
  readonly userAssignedIdentities?: Record<string, Record<string, never> | null>;
}

export interface IdentityTransition {
  readonly from: IdentityState;
  readonly to: IdentityState;
  /** False when the resource already is in the requested state: send nothing. */
  readonly changed: boolean;
  /** The PATCH body's `identity`, when `changed`. */
  readonly patch?: IdentityPatch;
}

/**
 * Reads an identity `type` as any resource provider spells it: `None`, `SystemAssigned`, `UserAssigned`,
 * `SystemAssigned, UserAssigned` or `SystemAssigned,UserAssigned` (case-insensitive; missing means None).
 */
export function parseIdentityType(type: string | null | undefined): { systemAssigned: boolean; userAssigned: boolean } {
  if (type === undefined || type === null || type.trim() === '') return { systemAssigned: false, userAssigned: false };
  const parts = type
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  let systemAssigned = false;
  let userAssigned = false;
  for (const part of parts) {
    if (part === 'systemassigned') systemAssigned = true;
    else if (part === 'userassigned') userAssigned = true;
    else if (part === 'none' && parts.length === 1) return { systemAssigned: false, userAssigned: false };
    else throw new ToolError('invalidInput', `Unknown managed identity type "${type}".`);
  }
  return { systemAssigned, userAssigned };
}

/** The wire spelling of a state's type. */
export function formatIdentityType(systemAssigned: boolean, userAssigned: boolean, spelling: IdentityTypeSpelling = 'commaSpace'): IdentityTypeName {
  if (systemAssigned && userAssigned) return spelling === 'comma' ? 'SystemAssigned,UserAssigned' : 'SystemAssigned, UserAssigned';
  if (systemAssigned) return 'SystemAssigned';
  if (userAssigned) return 'UserAssigned';
  return 'None';
}

/** Guess the spelling a resource uses from the type it returned (falls back to `fallback`). */
export function detectSpelling(type: string | null | undefined, fallback: IdentityTypeSpelling): IdentityTypeSpelling {
  if (typeof type === 'string' && /systemassigned\s*,\s*userassigned/i.test(type)) return /,\s/.test(type) ? 'commaSpace' : 'comma';
  return fallback;
}

/** The state of a resource's `identity` block as returned by a GET (tolerates a missing block). */
export function readIdentityState(identity: { type?: string | null; userAssignedIdentities?: Record<string, unknown> | null } | null | undefined): IdentityState {
  const parsed = parseIdentityType(identity?.type);
  const userAssigned = parsed.userAssigned ? Object.keys(identity?.userAssignedIdentities ?? {}) : [];
  return { systemAssigned: parsed.systemAssigned, userAssigned };
}

const lower = (s: string): string => s.toLowerCase();

/**
 * Computes the next identity state and the minimal PATCH for `operation`, or explains why the resource
 * cannot take it. Idempotent: asking for the state the resource is already in yields `changed: false`.
 */
export function computeIdentityTransition(current: IdentityState, operation: IdentityOperation, constraints: IdentityConstraints = {}): IdentityTransition {
  const spelling = constraints.spelling ?? 'commaSpace';
  const supportsBoth = constraints.supportsSystemAndUser ?? true;
  const from: IdentityState = { systemAssigned: current.systemAssigned, userAssigned: dedupe(current.userAssigned) };
  let systemAssigned = from.systemAssigned;
  let userAssigned = [...from.userAssigned];
  const removed: string[] = [];

  switch (operation.kind) {
    case 'enableSystemAssigned':
      systemAssigned = true;
      break;
    case 'disableSystemAssigned':
      systemAssigned = false;
      break;
    case 'attachUserAssigned': {
      const ids = validateUserAssignedIds(operation.identityIds);
      for (const id of ids) {
        if (!userAssigned.some((existing) => lower(existing) === lower(id))) userAssigned.push(id);
      }
      break;
    }
    case 'detachUserAssigned': {
      const ids = new Set(validateUserAssignedIds(operation.identityIds).map(lower));
      const kept: string[] = [];
      for (const existing of userAssigned) (ids.has(lower(existing)) ? removed : kept).push(existing);
      userAssigned = kept;
      break;
    }
  }

  const to: IdentityState = { systemAssigned, userAssigned };
  const changed = to.systemAssigned !== from.systemAssigned || !sameIds(to.userAssigned, from.userAssigned);
  if (!changed) return { from, to, changed: false };

  if (!supportsBoth && to.systemAssigned && to.userAssigned.length > 0) {
    throw new ToolError(
      'invalidInput',
      operation.kind === 'enableSystemAssigned'
        ? 'This resource takes either a system-assigned or a user-assigned identity, not both: detach the user-assigned identity first.'
        : 'This resource takes either a system-assigned or a user-assigned identity, not both: disable the system-assigned identity first.',
    );
  }
  if (constraints.maxUserAssigned !== undefined && to.userAssigned.length > constraints.maxUserAssigned) {
    throw new ToolError('invalidInput', `This resource takes at most ${constraints.maxUserAssigned} user-assigned identit${constraints.maxUserAssigned === 1 ? 'y' : 'ies'}; detach one first.`);
  }

  const hasUser = to.userAssigned.length > 0;
  const type = formatIdentityType(to.systemAssigned, hasUser, spelling);
  if (!hasUser) {
    // Dropping the UserAssigned part of the type removes every user-assigned identity; providers reject a
    // userAssignedIdentities map alongside a type without UserAssigned.
    return { from, to, changed: true, patch: { type } };
  }
  const userAssignedIdentities: Record<string, Record<string, never> | null> = {};
  for (const id of to.userAssigned) userAssignedIdentities[id] = {};
  for (const id of removed) userAssignedIdentities[id] = null;
  return { from, to, changed: true, patch: { type, userAssignedIdentities } };
}

function validateUserAssignedIds(ids: readonly string[]): string[] {
  if (ids === undefined || ids === null || ids.length === 0) throw new ToolError('invalidInput', 'Name at least one user-assigned identity.');
  return dedupe(ids.map((id) => parseResourceIdOfType(id, userAssignedIdentityType).id));
}

function dedupe(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) {
    if (seen.has(lower(id))) continue;
    seen.add(lower(id));
    out.push(id);
  }
  return out;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map(lower));
  return b.every((id) => set.has(lower(id)));
}
