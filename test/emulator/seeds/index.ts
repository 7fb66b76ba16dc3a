// Entry point for scripts that load the compiled seeds by folder (scripts/bench/tree.mjs).
export { demoDeveloper, demoSubscriptions, demoTenant, demoTenantId } from './demoTenant';
export { generateTenant, type GenerateTenantOptions } from './generateTenant';
