import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Reads schema.prisma with Prisma's own schema parser: the `prisma_schema_build` WebAssembly module
 * that the prisma CLI ships (the same code behind `prisma validate`, `format` and `generate`).
 * Its `get_datamodel` returns the full DMMF data model: native types, defaults, indexes with their
 * mapped names, relations with their referential actions. The generated client's runtime data model
 * is stripped of most of that, and Prisma's JS wrapper for the module is bundled inside the CLI,
 * so this file is a minimal wasm-bindgen host for the four functions the module imports.
 */

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  nativeType?: [string, string[]] | null;
  default?: DmmfDefault;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export type DmmfDefault =
  | { name: string; args: unknown[] }
  | string
  | number
  | boolean
  | Array<string | number | boolean>;

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  fields: Array<{ name: string; sortOrder?: 'asc' | 'desc'; operatorClass?: string }>;
}

export interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: Array<{ name: string; dbName: string | null }>;
}

export interface DmmfDatamodel {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

/** The slice of the WebAssembly JS API used here (the project's lib settings do not declare it). */
declare const WebAssembly: {
  Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): Array<{ module: string; name: string; kind: string }>;
  };
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
};
type WasmModule = { readonly __brand: 'WebAssembly.Module' };

interface SchemaWasmExports {
  memory: { buffer: ArrayBuffer };
  __wbindgen_externrefs: { get(index: number): unknown; set(index: number, value: unknown): void; grow(by: number): number };
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(pointer: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  /** Returns [resultPointer, resultLength, errorIndex, isError]. */
  get_datamodel(pointer: number, length: number): [number, number, number, number];
}

let schemaWasm: SchemaWasmExports | undefined;

/** Parses and validates a schema; throws Prisma's own validation message when it is invalid. */
export function readPrismaDatamodel(schemaPath: string): DmmfDatamodel {
  const schema = readFileSync(schemaPath, 'utf8');
  const params = JSON.stringify({ prismaSchema: [[schemaPath, schema]], noColor: true });
  return JSON.parse(callStringFunction(loadSchemaWasm(), params)) as DmmfDatamodel;
}

function callStringFunction(wasm: SchemaWasmExports, input: string): string {
  const bytes = new TextEncoder().encode(input);
  const pointer = wasm.__wbindgen_malloc(bytes.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer).set(bytes, pointer);
  const [resultPointer, resultLength, errorIndex, isError] = wasm.get_datamodel(pointer, bytes.length);
  if (isError) {
    const error: unknown = wasm.__wbindgen_externrefs.get(errorIndex);
    wasm.__externref_table_dealloc(errorIndex);
    throw error instanceof Error ? error : new Error(String(error));
  }
  try {
    return readString(wasm, resultPointer, resultLength);
  } finally {
    wasm.__wbindgen_free(resultPointer, resultLength, 1);
  }
}

function readString(wasm: SchemaWasmExports, pointer: number, length: number): string {
  const start = pointer >>> 0;
  return new TextDecoder().decode(new Uint8Array(wasm.memory.buffer).subarray(start, start + length));
}

function loadSchemaWasm(): SchemaWasmExports {
  if (schemaWasm) return schemaWasm;
  const prismaDir = dirname(require.resolve('prisma/package.json'));
  const wasmModule = new WebAssembly.Module(readFileSync(join(prismaDir, 'build', 'prisma_schema_build_bg.wasm')));
  // Filled in once instantiated; the imports below reach it lazily.
  const instance: { exports?: SchemaWasmExports } = {};
  const exports = (): SchemaWasmExports => {
    if (!instance.exports) throw new Error('prisma_schema_build called an import before it was instantiated');
    return instance.exports;
  };
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  // wasm-bindgen suffixes import names with a hash that changes between Prisma releases: match prefixes.
  for (const { module: moduleName, name } of WebAssembly.Module.imports(wasmModule)) {
    const implementation = schemaWasmImport(name, exports);
    (imports[moduleName] ??= {})[name] = implementation;
  }
  const wasm = new WebAssembly.Instance(wasmModule, imports).exports as unknown as SchemaWasmExports;
  instance.exports = wasm;
  wasm.__wbindgen_start();
  schemaWasm = wasm;
  return wasm;
}

function schemaWasmImport(name: string, exports: () => SchemaWasmExports): (...args: number[]) => unknown {
  const text = (pointer: number, length: number): string => readString(exports(), pointer, length);
  if (name.startsWith('__wbg_Error_')) return (pointer, length) => new Error(text(pointer, length));
  if (name.startsWith('__wbg___wbindgen_throw_')) {
    return (pointer, length) => {
      throw new Error(text(pointer, length));
    };
  }
  if (name.startsWith('__wbg_set_message_')) {
    // A Rust panic's message; the panic itself then surfaces as a WebAssembly trap.
    return (pointer, length) => {
      process.stderr.write(`prisma_schema_build panicked: ${text(pointer, length)}\n`);
    };
  }
  if (name === '__wbindgen_init_externref_table') {
    return () => {
      const table = exports().__wbindgen_externrefs;
      const offset = table.grow(4);
      table.set(0, undefined);
      table.set(offset, undefined);
      table.set(offset + 1, null);
      table.set(offset + 2, true);
      table.set(offset + 3, false);
    };
  }
  throw new Error(
    `prisma_schema_build_bg.wasm imports ${name}, which test/schema/prisma-datamodel.ts does not provide ` +
      '(the prisma package was probably upgraded): add it, following the loader in node_modules/prisma/build/cli.js.',
  );
}
