/**
 * The workflow bundle resolves `@partnerflow/domain` to domain/src/workflow-entry.ts, the part of
 * the domain workflows use (apps/worker/src/workflow-bundle.ts), while tsc checks workflow code
 * against the full index. These tests keep the two in step: every name bundled workflow code
 * imports from '@partnerflow/domain' is exported by the entry (values at run time, types at type
 * level), the entry re-exports no module workflows do not use, and a missing name fails the bundle.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_DOMAIN_ENTRY, workflowBundleOptions } from '../../apps/worker/src/workflow-bundle';
import * as workflowEntry from '../../domain/src/workflow-entry';

const ROOT = path.resolve(__dirname, '../..');
const DOMAIN_INDEX = path.join(ROOT, 'domain/src/index.ts');
const ENTRY = path.join(ROOT, WORKFLOW_DOMAIN_ENTRY);
const REPLAY_FIXTURES = path.join(ROOT, 'test/replay/fixtures');
/** What gets bundled with the entry: the worker's workflows and the replay tests' older versions. */
const BUNDLED_ROOTS = [
  path.join(ROOT, 'workflows/src/index.ts'),
  ...readdirSync(REPLAY_FIXTURES).filter((file) => file.endsWith('.ts')).map((file) => path.join(REPLAY_FIXTURES, file)),
];

interface DomainImport {
  name: string;
  /** relative to the repository */
  file: string;
  /** imported as a value, so the bundle needs it at run time (not `import type`, and not a type) */
  runtime: boolean;
  /** where the full index gets it from */
  declaredIn: string;
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/**
 * A program over the workflow code and the domain only: everything else (node_modules, the
 * activities imported as types) reads as empty, which is all this check needs and keeps it fast.
 */
function createProgram(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const options = { ...config.options, types: [], noLib: true };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  const inScope = (file: string) =>
    !file.includes('/node_modules/') && ['workflows/src/', 'domain/src/', 'test/replay/fixtures/'].some((dir) => relative(file).startsWith(dir));
  host.getSourceFile = (file, language, ...rest) =>
    inScope(file) ? readSource(file, language, ...rest) : ts.createSourceFile(file, '', language);
  return ts.createProgram([...BUNDLED_ROOTS, ENTRY], options, host);
}

/** The names each imports, or re-exports, from '@partnerflow/domain'. */
function importsOf(checker: ts.TypeChecker, declaration: ts.ImportDeclaration | ts.ExportDeclaration, file: string): DomainImport[] {
  const typeOnly = ts.isImportDeclaration(declaration) ? Boolean(declaration.importClause?.isTypeOnly) : declaration.isTypeOnly;
  const bindings = ts.isImportDeclaration(declaration) ? declaration.importClause?.namedBindings : declaration.exportClause;
  const named = bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings)) ? bindings.elements : undefined;
  const hasDefault = ts.isImportDeclaration(declaration) && declaration.importClause?.name;
  if (!named || hasDefault) {
    throw new Error(`${relative(file)}: import names from '@partnerflow/domain' ({ a, b }), so this check can see them`);
  }
  return named.map((element) => {
    let symbol = ts.isExportSpecifier(element) ? checker.getExportSpecifierLocalTargetSymbol(element) : checker.getSymbolAtLocation(element.name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaredIn = symbol?.declarations?.[0]?.getSourceFile().fileName;
    return {
      name: (element.propertyName ?? element.name).text,
      file: relative(file),
      // (a name the index does not export at all counts as a value: tsc reports it anyway)
      runtime: !typeOnly && !element.isTypeOnly && (!symbol || (symbol.flags & ts.SymbolFlags.Value) !== 0),
      declaredIn: declaredIn ? relative(declaredIn) : '(not exported by domain/src/index.ts)',
    };
  });
}

/**
 * Walks the bundled code as webpack does, from the bundle roots along value imports (type-only
 * imports are erased), and collects what it imports from '@partnerflow/domain'.
 */
function domainImports(program: ts.Program): { imports: DomainImport[]; visited: string[] } {
  const checker = program.getTypeChecker();
  const imports: DomainImport[] = [];
  const visited = new Set<string>();
  const queue = [...BUNDLED_ROOTS];
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (visited.has(file)) continue;
    visited.add(file);
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${relative(file)} is not in the program`);
    for (const statement of source.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
      if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const target = ts.resolveModuleName(statement.moduleSpecifier.text, file, program.getCompilerOptions(), ts.sys).resolvedModule?.resolvedFileName;
      const typeOnly = ts.isImportDeclaration(statement) ? Boolean(statement.importClause?.isTypeOnly) : statement.isTypeOnly;
      if (target === DOMAIN_INDEX) imports.push(...importsOf(checker, statement, file));
      else if (target && !typeOnly && /^(workflows\/src|test\/replay\/fixtures)\//.test(relative(target))) queue.push(target);
    }
  }
  return { imports, visited: [...visited].map(relative) };
}

const program = createProgram();
const checker = program.getTypeChecker();
const { imports, visited } = domainImports(program);
const entrySource = program.getSourceFile(ENTRY)!;
const moduleExports = (moduleSymbol: ts.Symbol | undefined) => new Set(moduleSymbol ? checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name) : []);

describe('the workflow bundle’s domain entry (domain/src/workflow-entry.ts)', () => {
  it('finds the domain imports of the bundled workflow code', () => {
    expect(visited).toContain('workflows/src/commission-hold.workflow.ts');
    expect(imports).toContainEqual(
      expect.objectContaining({ name: 'conversionCreditedSignal', file: 'workflows/src/commission-hold.workflow.ts', runtime: true }),
    );
  });

  it('exports every name the workflow code imports from @partnerflow/domain: types at type level, values at run time', () => {
    const typeLevel = moduleExports(checker.getSymbolAtLocation(entrySource));
    const missing = imports
      .filter(({ name, runtime }) => !typeLevel.has(name) || (runtime && !(name in workflowEntry)))
      .map(({ name, file, runtime, declaredIn }) => `${name} (${runtime ? 'a value' : 'a type'}, imported by ${file}): re-export ${declaredIn} from ${WORKFLOW_DOMAIN_ENTRY}`);
    expect(missing).toEqual([]);
  });

  it('re-exports only modules the workflow code imports from, and with values only where it imports values', () => {
    const problems: string[] = [];
    for (const statement of entrySource.statements) {
      if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const reExported = moduleExports(checker.getSymbolAtLocation(statement.moduleSpecifier));
      const used = imports.filter(({ name }) => reExported.has(name));
      const specifier = statement.moduleSpecifier.text;
      if (used.length === 0) problems.push(`${specifier}: no workflow imports from it; remove it`);
      else if (!statement.isTypeOnly && !used.some(({ runtime }) => runtime)) problems.push(`${specifier}: workflows use only its types; make it \`export type * from\``);
    }
    expect(problems).toEqual([]);
  });

  it('makes a workflow importing a name the entry lacks a bundle error, not undefined at run time', async () => {
    expect('parseEnv' in workflowEntry).toBe(false);
    const errors: string[] = [];
    const silent = () => undefined;
    const bundling = bundleWorkflowCode({
      ...workflowBundleOptions(),
      workflowsPath: path.join(__dirname, 'fixtures', 'reads-environment.workflows.ts'),
      logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: (message: string) => errors.push(message) },
    });
    await expect(bundling).rejects.toThrow(/Webpack finished with errors/);
    expect(errors.join('\n')).toContain("export 'parseEnv' (imported as 'parseEnv') was not found in '@partnerflow/domain'");
  }, 180_000);
});
