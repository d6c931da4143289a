import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layout ARCHITECTURE.md describes, held: imports point from a stage to the stages it
 * builds on (never back), no two files import each other through any chain, the CLI reaches
 * the stages through src/pipeline only, folders and files stay small, and the map is true.
 */

/** The import order of src/: a folder may import its own and the ones before it. */
const LAYERS = ['parser', 'support', 'mesh', 'translate', 'render', 'review', 'deploy', 'pipeline'];

/** What cli/ may import at run time (anything else in src/ only as types). */
const CLI_MAY_IMPORT = [/^src\/pipeline\//, /^src\/deploy\//, /^src\/parser\/diagnostics\.ts$/];

/** Generated files, exempt from the size limits. */
const GENERATED = new Set(['src/render/template/cfn-spec-types.ts', 'src/parser/generated/compose-validator.ts']);
const MAX_FILES_PER_FOLDER = 15;
const MAX_LINES_PER_FILE = 400;

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const SOURCES = ['src', 'cli'].flatMap(walk).filter((f) => f.endsWith('.ts')).sort();
const FOLDERS = [...new Set(['src', 'cli'].flatMap((root) => [root, ...walk(root).map(path.dirname)]))].sort();

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.normalize(path.join(path.dirname(from), specifier)).replace(/\.js$/, '.ts');
  return [target, path.join(target, 'index.ts')].find((candidate) => existsSync(candidate));
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** Every relative import of a file: static, re-exports and dynamic `import()`. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    const to = resolveImport(file, specifier);
    if (to) found.push({ from: file, to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, isTypeOnly(node));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) add(argument.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const IMPORTS = SOURCES.flatMap(importsOf);

/** The first folder under src/ ('parser', 'render', ...), or undefined outside src/. */
function layerOf(file: string): string | undefined {
  const [root, layer] = file.split(path.sep);
  return root === 'src' ? layer : undefined;
}

/** The import cycles (strongly connected components of more than one file), by Tarjan's algorithm. */
function cycles(files: readonly string[], imports: readonly Import[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const i of imports) next.get(i.from)?.push(i.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1 || (next.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) connect(file);
  return found;
}

describe('the import graph of src/ and cli/', () => {
  it('reads the imports of every file', () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    expect(IMPORTS.length).toBeGreaterThan(SOURCES.length);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(SOURCES, IMPORTS)).toEqual([]);
  });

  it('finds a cycle where there is one (the check checks)', () => {
    expect(cycles(['a', 'b', 'c'], [{ from: 'a', to: 'b', typeOnly: true }, { from: 'b', to: 'a', typeOnly: false }])).toEqual([['a', 'b']]);
  });

  it('has no import that points upstream: each src/ folder imports only itself and the folders before it', () => {
    const upstream = IMPORTS.filter((i) => {
      const [from, to] = [layerOf(i.from), layerOf(i.to)];
      if (from === undefined || to === undefined) return false;
      return LAYERS.indexOf(to) > LAYERS.indexOf(from);
    }).map((i) => `${i.from} -> ${i.to}`);
    expect(upstream).toEqual([]);
  });

  it('knows every folder of src/ as a layer', () => {
    const layers = new Set(SOURCES.map(layerOf).filter((l): l is string => l !== undefined && !l.endsWith('.ts')));
    expect([...layers].filter((l) => !LAYERS.includes(l))).toEqual([]);
  });

  it('never imports cli/ from src/', () => {
    expect(IMPORTS.filter((i) => i.from.startsWith(`src${path.sep}`) && i.to.startsWith(`cli${path.sep}`)).map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
  });

  it('lets cli/ reach the stages only through src/pipeline (types aside)', () => {
    const direct = IMPORTS.filter(
      (i) =>
        i.from.startsWith(`cli${path.sep}`) &&
        i.to.startsWith(`src${path.sep}`) &&
        !i.typeOnly &&
        !CLI_MAY_IMPORT.some((allowed) => allowed.test(i.to.split(path.sep).join('/'))),
    ).map((i) => `${i.from} -> ${i.to}`);
    expect(direct).toEqual([]);
  });

  it('has one file per command in cli/commands, each registered in cli/main.ts', () => {
    const main = readFileSync('cli/main.ts', 'utf8');
    for (const file of readdirSync('cli/commands')) expect(main).toContain(`./commands/${file.replace(/\.ts$/, '.js')}`);
  });
});

describe('the size of folders and files', () => {
  it.each(FOLDERS)('%s holds at most 15 source files', (folder) => {
    const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && !GENERATED.has(path.join(folder, f)));
    expect(files.length).toBeLessThanOrEqual(MAX_FILES_PER_FOLDER);
  });

  it('has no source file over 400 lines (generated files aside)', () => {
    const long = SOURCES.filter((f) => !GENERATED.has(f.split(path.sep).join('/')))
      .map((f) => [f, readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > MAX_LINES_PER_FILE);
    expect(long).toEqual([]);
  });
});

describe('ARCHITECTURE.md', () => {
  const map = readFileSync('ARCHITECTURE.md', 'utf8');

  it.each(FOLDERS)('names %s', (folder) => {
    expect(map).toContain(`${folder.split(path.sep).join('/')}/`);
  });

  it('names only folders that exist', () => {
    const named = [...map.matchAll(/`((?:src|cli|test|examples|schemas|docs|bench|scripts)(?:\/[a-z0-9-]+)*\/)`/g)].map((m) => m[1] ?? '');
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((folder) => !existsSync(folder))).toEqual([]);
  });
});
