import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** One import of one file: the file it names (relative to the root, `/`-separated). */
export interface ImportEdge {
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

/** Every `.ts` file under `root` (tests and fuzz tests left out: they may reach anything). */
export function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(root);
  return files.map((f) => relative(root, f).split(sep).join('/')).sort();
}

/**
 * The relative imports of one file, as the compiler parses them: `import`,
 * `export … from`, `import()` calls and `import('…').T` types. Package imports
 * (`node:fs`, `tuf-js`) are not part of the graph. Type-only imports are edges
 * like any other (marked, for the message).
 */
export function readImports(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | ts.TypeNode | undefined, typeOnly: boolean): void => {
    const literal =
      specifier !== undefined && ts.isLiteralTypeNode(specifier) ? specifier.literal : specifier;
    if (literal === undefined || !ts.isStringLiteral(literal)) return;
    if (!literal.text.startsWith('.')) return;
    const target = posix.join(posix.dirname(file), literal.text.replace(/\.js$/, '.ts'));
    // Data beside the sources (`../../schemas/*.json`) is no stage.
    if (target.startsWith('../')) return;
    const { line } = source.getLineAndCharacterOfPosition(literal.getStart());
    edges.push({ from: file, to: target, line: line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      add(node.argument, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The import graph of every source file under `root`. */
export function readImportGraph(root: string): ImportEdge[] {
  return listSourceFiles(root).flatMap((file) => readImports(root, file));
}

/**
 * The stage of a file: its first folder (`plan/plan-types.ts` → `plan`), or
 * the file itself at the top (`index.ts`).
 */
export function stageOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
}

/** A stage order: each entry one layer, lowest first; the stages of one entry may import each other. */
export type StageOrder = ReadonlyArray<readonly string[]>;

/** Imports from a lower layer into a higher one, and files of a stage the order does not name. */
export function findLayerViolations(edges: readonly ImportEdge[], order: StageOrder): string[] {
  const rank = new Map<string, number>();
  order.forEach((layer, index) => {
    for (const stage of layer) rank.set(stage, index);
  });
  const problems = new Set<string>();
  for (const edge of edges) {
    const from = rank.get(stageOf(edge.from));
    const to = rank.get(stageOf(edge.to));
    if (from === undefined)
      problems.add(`${edge.from}: stage ${stageOf(edge.from)} is in no layer`);
    if (to === undefined) problems.add(`${edge.to}: stage ${stageOf(edge.to)} is in no layer`);
    if (from !== undefined && to !== undefined && to > from)
      problems.add(
        `${edge.from}:${edge.line}: ${stageOf(edge.from)} imports ${edge.to}${edge.typeOnly ? ' (types)' : ''}, a later stage (${stageOf(edge.to)})`,
      );
  }
  return [...problems];
}

/**
 * Every import cycle between files, each as the files around it (the first
 * file repeated at the end), found as the strongly connected components of
 * the graph (Tarjan) and one shortest way round each.
 */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  const components = stronglyConnected(next);
  const cycles: string[][] = [];
  for (const component of components) {
    const start = [...component].sort()[0]!;
    const selfLoop = next.get(start)!.includes(start);
    if (component.size === 1 && !selfLoop) continue;
    cycles.push(shortestWayRound(start, component, next));
  }
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

function stronglyConnected(next: Map<string, string[]>): Array<Set<string>> {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: Array<Set<string>> = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = new Set<string>();
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.add(member);
    } while (member !== node);
    components.push(component);
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) connect(node);
  return components;
}

/** Breadth-first from `start` back to itself, inside one component. */
function shortestWayRound(
  start: string,
  component: Set<string>,
  next: Map<string, string[]>,
): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of next.get(node)!) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
