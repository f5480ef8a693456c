#!/usr/bin/env node
// Fails when a module imports itself at run time through other modules, in any workspace package
// (packages/*, apps/*, bench: sources, tests and scripts), or when workspace packages depend on
// each other in a circle. A runtime cycle makes one module of it run before the others exist,
// so what it reads from them at import time is undefined.
//
// What counts: static `import` and `export ... from` (also `import { type A }`, which TypeScript
// keeps as `import {}` under verbatimModuleSyntax, so the module still runs first), and
// `require()` of a string. What does not: `import type` / `export type` (erased) and dynamic
// `import()` (it runs later, not while the modules load).
//
//   node scripts/check-import-cycles.mjs          exits 1 and lists each cycle when there is one

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage']);
const RESOLVED_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Source files under `dir`, skipping dependencies and build output. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module specifiers `file` loads when it runs (see the rules at the top). */
export function runtimeSpecifiers(file, text = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specifiers = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      !node.isTypeOnly &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      specifiers.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** The file a relative path names, trying TypeScript's extensions for a `.js` specifier. */
function resolveFile(path) {
  const bases = [path, path.replace(/\.[cm]?js$/, '')];
  for (const base of bases) {
    for (const extension of RESOLVED_EXTENSIONS) {
      const candidate = base + extension;
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const index = ['index.ts', 'index.js'].map((name) => join(base, name)).find(existsSync);
    if (index) return index;
  }
  return undefined;
}

/** Every string target of a package.json `imports` entry, through its conditions. */
function targetsOf(entry) {
  if (typeof entry === 'string') return [entry];
  if (entry === null || typeof entry !== 'object') return [];
  return Object.values(entry).flatMap(targetsOf);
}

/**
 * The source files a `#name` import of the package at `dir` can load: each target of its
 * `imports` map, and for a built file under dist/ the source of the same name under src/.
 */
function resolveSubpathImport(dir, specifier) {
  const { imports = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return targetsOf(imports[specifier]).flatMap((target) => {
    const built = resolve(dir, target);
    const file =
      resolveFile(built) ??
      resolveFile(join(dir, 'src', relative(join(dir, 'dist'), built)).replace(/\.[cm]?js$/, ''));
    return file ? [file] : [];
  });
}

/** The module graph of the packages at `dirs`: file -> files it loads at run time. */
export function moduleGraph(dirs) {
  const graph = new Map();
  for (const dir of dirs) {
    for (const file of sourceFiles(dir)) {
      const targets = runtimeSpecifiers(file).flatMap((specifier) => {
        if (specifier.startsWith('.'))
          return [resolveFile(resolve(dirname(file), specifier)) ?? []].flat();
        if (specifier.startsWith('#')) return resolveSubpathImport(dir, specifier);
        return []; // another package: the package graph below covers those
      });
      graph.set(file, [...new Set(targets)]);
    }
  }
  return graph;
}

/** The workspace package graph: name -> workspace packages it depends on (not devDependencies). */
export function packageGraph(dirs) {
  const manifests = dirs.map((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  const names = new Set(manifests.map((manifest) => manifest.name));
  return new Map(
    manifests.map((manifest) => [
      manifest.name,
      Object.keys({
        ...manifest.dependencies,
        ...manifest.peerDependencies,
        ...manifest.optionalDependencies,
      }).filter((name) => names.has(name)),
    ]),
  );
}

/**
 * The cycles of `graph`: one per set of nodes that all reach each other, as `{ path, members }`
 * (the shortest path that closes on the set's first node, `[a, b, a]`, and every node of the set).
 */
export function findCycles(graph) {
  // Tarjan's strongly connected components; a component of two or more nodes, or a node that
  // loads itself, holds a cycle.
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let next = 0;
  const connect = (node) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node))
        components.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  // Popped last, the node the search entered the set by comes first: the path starts there.
  return components
    .map((component) => component.reverse())
    .map((members) => ({ path: cycleThrough(graph, new Set(members), members[0]), members }));
}

/** A shortest path from `start` back to itself inside `members` (breadth first). */
function cycleThrough(graph, members, start) {
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** The workspace package folders, from pnpm-workspace.yaml's `packages` globs (`dir/*` or `dir`). */
function workspacePackages(root) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s+-\s+['"]?([^'"\s#]+)['"]?\s*$/gm)].map((match) => match[1]);
  return globs
    .flatMap((glob) =>
      glob.endsWith('/*')
        ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => join(root, glob.slice(0, -2), entry.name))
        : [join(root, glob)],
    )
    .filter((dir) => existsSync(join(dir, 'package.json')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const dirs = workspacePackages(root);
  const graph = moduleGraph(dirs);
  const name = (file) => relative(root, file).replaceAll('\\', '/');
  const describe = ({ path, members }, show) =>
    `${path.map(show).join(' -> ')}${members.length + 1 > path.length ? ` (all of ${members.map(show).join(', ')} reach each other)` : ''}`;
  const cycles = [
    ...findCycles(packageGraph(dirs)).map((cycle) => `packages: ${describe(cycle, String)}`),
    ...findCycles(graph).map((cycle) => describe(cycle, name)),
  ];
  if (cycles.length > 0) {
    console.error(
      `${cycles.length} runtime import cycle(s):\n${cycles.map((c) => `  ${c}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log(
    `No runtime import cycle in ${graph.size} files of ${dirs.length} workspace packages.`,
  );
}
