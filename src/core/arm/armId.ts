/**
 * Azure Resource Manager ids and scopes: parse, validate, normalise and describe them without any SDK.
 *
 * Grammar handled (keywords case-insensitive, as ARM treats them):
 *   /                                                        (tenant root)
 *   /providers/Microsoft.Management/managementGroups/{mg}
 *   /subscriptions/{guid}
 *   /subscriptions/{guid}/resourceGroups/{rg}
 *   /subscriptions/{guid}[/resourceGroups/{rg}]/providers/{ns}/{type}/{name}[/{childType}/{childName}]…
 *   any of the above followed by /providers/{ns}/{type}/{name}… (an extension resource, e.g. a role assignment)
 */
import { ToolError } from '../errors';
import { isGuid } from './uuidv5';

export type ArmIdKind = 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

export interface ArmId {
  /** The id as given, with exactly one leading slash and no trailing slash. */
  readonly id: string;
  readonly kind: ArmIdKind;
  /** Lower-case subscription GUID, when the id is inside a subscription. */
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly managementGroup?: string;
  /** For `resource`: the full type, e.g. `Microsoft.Web/sites` or `Microsoft.Web/sites/slots`. */
  readonly resourceType?: string;
  /** For `resource`: the last name segment. */
  readonly name?: string;
  /** For `resource`: the scope its provider section sits on (a resource group, a subscription, or another resource for an extension resource such as a role assignment). */
  readonly parentScope?: ArmId;
}

const rgNamePattern = /^[-\w.()\p{L}\p{N}]{1,90}$/u;

/** Resource group names: 1–90 letters, digits, `_ - . ( )`, not ending in a period (ARM's rule). */
export function isValidResourceGroupName(name: string): boolean {
  return rgNamePattern.test(name) && !name.endsWith('.');
}

export function validateResourceGroupName(name: string): string {
  if (typeof name !== 'string' || !isValidResourceGroupName(name)) {
    throw new ToolError('invalidInput', `"${String(name)}" is not a valid resource group name: use 1–90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.`);
  }
  return name;
}

function invalid(id: string, why: string): ToolError {
  return new ToolError('invalidInput', `"${id}" is not a valid Azure resource id or scope: ${why}.`);
}

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Parses an ARM id or scope. Throws `invalidInput` with the reason when it is malformed. */
export function parseArmId(raw: string): ArmId {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid(String(raw), 'it is empty');
  const trimmed = raw.trim();
  if (/[?#\s]/.test(trimmed)) throw invalid(raw, 'it contains a query, fragment or whitespace');
  const body = trimmed.replace(/^\/+/, '').replace(/\/+$/, '');
  if (body === '') return { id: '/', kind: 'root' };
  const segments = body.split('/');
  if (segments.includes('')) throw invalid(raw, 'it has an empty segment');
  const id = '/' + segments.join('/');

  let index = 0;
  let scope: ArmId;
  if (eq(segments[0], 'subscriptions')) {
    const sub = segments[1];
    if (sub === undefined || !isGuid(sub)) throw invalid(raw, 'the subscription id must be a GUID');
    scope = { id: '/' + segments.slice(0, 2).join('/'), kind: 'subscription', subscriptionId: sub.toLowerCase() };
    index = 2;
    if (eq(segments[2], 'resourceGroups')) {
      const rg = segments[3];
      if (rg === undefined || !isValidResourceGroupName(decodeURIComponent(rg))) throw invalid(raw, 'the resource group name is missing or invalid');
      scope = { id: '/' + segments.slice(0, 4).join('/'), kind: 'resourceGroup', subscriptionId: sub.toLowerCase(), resourceGroup: rg };
      index = 4;
    }
  } else if (eq(segments[0], 'providers') && eq(segments[1], 'Microsoft.Management') && eq(segments[2], 'managementGroups')) {
    const mg = segments[3];
    if (mg === undefined) throw invalid(raw, 'the management group name is missing');
    scope = { id: '/' + segments.slice(0, 4).join('/'), kind: 'managementGroup', managementGroup: mg };
    index = 4;
  } else if (eq(segments[0], 'providers')) {
    scope = { id: '/', kind: 'root' };
    index = 0;
  } else {
    throw invalid(raw, 'it must start with /subscriptions/, /providers/ or be /');
  }

  while (index < segments.length) {
    if (!eq(segments[index], 'providers')) throw invalid(raw, `expected "providers" at segment ${index + 1}, found "${segments[index]}"`);
    const namespace = segments[index + 1];
    if (namespace === undefined || !/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/.test(namespace)) throw invalid(raw, 'the resource provider namespace is missing or invalid');
    index += 2;
    const types: string[] = [];
    let name: string | undefined;
    // Type/name pairs until the next "providers" (an extension resource) or the end.
    while (index < segments.length && !eq(segments[index], 'providers')) {
      const type = segments[index];
      const value = segments[index + 1];
      if (type === undefined || value === undefined) throw invalid(raw, `the resource type "${type ?? ''}" has no name`);
      types.push(type);
      name = value;
      index += 2;
    }
    if (types.length === 0 || name === undefined) throw invalid(raw, `the provider ${namespace} has no resource type and name`);
    const parentScope = scope;
    scope = {
      id: '/' + segments.slice(0, index).join('/'),
      kind: 'resource',
      resourceType: `${namespace}/${types.join('/')}`,
      name,
      ...(parentScope.subscriptionId !== undefined ? { subscriptionId: parentScope.subscriptionId } : {}),
      ...(parentScope.resourceGroup !== undefined ? { resourceGroup: parentScope.resourceGroup } : {}),
      ...(parentScope.managementGroup !== undefined ? { managementGroup: parentScope.managementGroup } : {}),
      parentScope,
    };
  }
  return { ...scope, id };
}

/** Parses `raw` and checks it is a resource of `resourceType` (case-insensitive). */
export function parseResourceIdOfType(raw: string, resourceType: string): ArmId & { kind: 'resource' } {
  const parsed = parseArmId(raw);
  if (parsed.kind !== 'resource' || !eq(parsed.resourceType, resourceType)) {
    throw new ToolError('invalidInput', `"${raw}" is not the id of a ${resourceType} resource.`);
  }
  return parsed as ArmId & { kind: 'resource' };
}

/**
 * The form the SDK's `{scope}`, `{resourceId}` and `{roleAssignmentId}` path parameters want: no leading
 * slash. Those parameters skip URL encoding and are appended after a `/`, so `/subscriptions/x` would
 * become `//subscriptions/x` on the wire.
 */
export function toSdkScope(scopeOrId: string): string {
  const parsed = parseArmId(scopeOrId);
  return parsed.id.replace(/^\/+/, '');
}

/** A case-insensitive key for maps and comparisons of ids and scopes. */
export function scopeKey(scopeOrId: string): string {
  return parseArmId(scopeOrId).id.toLowerCase();
}

/** True when `inner` equals `outer` or lies below it (a resource inside a resource group, …). */
export function isScopeWithin(inner: string, outer: string): boolean {
  const a = scopeKey(inner);
  const b = scopeKey(outer);
  if (b === '/') return true;
  return a === b || a.startsWith(b + '/');
}

/** A short human description: `subscription 1234…`, `resource group rg`, `Microsoft.Storage/storageAccounts mydata (rg)`. */
export function describeScope(scopeOrId: string): string {
  const parsed = parseArmId(scopeOrId);
  switch (parsed.kind) {
    case 'root':
      return 'tenant root';
    case 'managementGroup':
      return `management group ${parsed.managementGroup ?? ''}`;
    case 'subscription':
      return `subscription ${parsed.subscriptionId ?? ''}`;
    case 'resourceGroup':
      return `resource group ${parsed.resourceGroup ?? ''}`;
    case 'resource':
      return `${parsed.resourceType ?? ''} ${parsed.name ?? ''}${parsed.resourceGroup !== undefined ? ` (${parsed.resourceGroup})` : ''}`;
  }
}
