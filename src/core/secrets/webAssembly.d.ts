// The part of the WebAssembly JavaScript API the keyword search uses. TypeScript declares it only in the
// DOM library, which this project does not load (the engine runs in Node and the extension host).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, never>);
    readonly exports: Record<string, unknown>;
  }
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  interface Global {
    readonly value: number;
  }
  function validate(bytes: Uint8Array): boolean;
}
