/**
 * Input validation for ARM calls, done before any request so the user sees a precise message instead of
 * a 400 from the service. Every validator returns the normalised value or throws `invalidInput`.
 */
import { ToolError } from '../errors';

const identityNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;

/** User-assigned identity names: 3–128 characters, letters, digits, hyphens and underscores, starting with a letter or digit. */
export function isValidIdentityName(name: string): boolean {
  return typeof name === 'string' && identityNamePattern.test(name);
}

export function validateIdentityName(name: string): string {
  if (isValidIdentityName(name)) return name;
  const reason =
    typeof name !== 'string' || name.length < 3
      ? 'it must be at least 3 characters long'
      : name.length > 128
        ? 'it must be at most 128 characters long'
        : !/^[A-Za-z0-9]/.test(name)
          ? 'it must start with a letter or a digit'
          : 'use only letters, digits, hyphens and underscores';
  throw new ToolError('invalidInput', `"${String(name)}" is not a valid managed identity name: ${reason}.`);
}

const ficNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/** Federated identity credential names: 3–120 characters, letters, digits, hyphens and underscores, starting with a letter or digit. */
export function validateFederatedCredentialName(name: string): string {
  if (typeof name === 'string' && ficNamePattern.test(name)) return name;
  throw new ToolError('invalidInput', `"${String(name)}" is not a valid federated credential name: use 3–120 letters, digits, hyphens or underscores, starting with a letter or a digit.`);
}

/**
 * Azure locations in their programmatic form (`westeurope`). A display name (`West Europe`) is accepted
 * and normalised: ARM compares locations without spaces and case.
 */
export function validateLocation(location: string): string {
  const normalised = typeof location === 'string' ? location.replace(/\s+/g, '').toLowerCase() : '';
  if (/^[a-z][a-z0-9]{1,49}$/.test(normalised)) return normalised;
  throw new ToolError('invalidInput', `"${String(location)}" is not a valid Azure location: use a region name such as "westeurope".`);
}

/** ARM tag rules: at most 50 tags, names 1–512 characters without `< > % & \ ? /`, values up to 256 characters. */
export function validateTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (tags === undefined) return undefined;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw new ToolError('invalidInput', 'Tags must be an object of name → value strings.');
  const entries = Object.entries(tags);
  if (entries.length > 50) throw new ToolError('invalidInput', `A resource can have at most 50 tags; got ${entries.length}.`);
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > 512) throw new ToolError('invalidInput', `Tag name "${name}" must be 1–512 characters long.`);
    if (/[<>%&\\?/]/.test(name)) throw new ToolError('invalidInput', `Tag name "${name}" must not contain < > % & \\ ? or /.`);
    if (typeof value !== 'string') throw new ToolError('invalidInput', `The value of tag "${name}" must be a string.`);
    if (value.length > 256) throw new ToolError('invalidInput', `The value of tag "${name}" must be at most 256 characters long.`);
  }
  return { ...tags };
}
