// The engine the CLI uses: the pure detection engine in src/core/secrets.
export { ruleCatalog, prefilterKeywords } from '../core/secrets/catalog';
export { scanBuffer, scanBytes, scanBytesInput, scanText } from '../core/secrets/scanner';
export { parseBaseline, serializeBaseline } from '../core/secrets/baseline';
