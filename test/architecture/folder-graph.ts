import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Folder → folders it imports from (relative imports only; @lib/* aliases are checked by eslint). */
export type FolderGraph = Map<string, Set<string>>;

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:\{([^}]*)\}|\*(?:\s+as\s+\w+)?|\w+)\s+from\s+'(\.[^']*)'/g;
const REEXPORT = /export\s+(?:type\s+)?(?:\{([^}]*)\}|\*)\s+from\s+'(\.[^']*)'/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
}

const names = (list: string | undefined): string[] | undefined =>
  list
    ?.split(',')
    .map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0],
    )
    .filter(Boolean);

/** Wiring files: they compose folders (a module imports its capabilities), so they are not edges themselves. */
const isWiring = (file: string): boolean => file.endsWith('/index.ts') || file.endsWith('.module.ts');

/** The files an import really reaches: through an index, the files that define the imported names. */
function reached(file: string, imported: string[] | undefined, seen = new Set<string>()): string[] {
  if (!file.endsWith('/index.ts') || seen.has(file)) {
    return [file];
  }
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const [, list, specifier] of text.matchAll(REEXPORT)) {
    const target = resolveModule(file, specifier);
    const exported = names(list);
    if (target && (!imported || !exported || exported.some((n) => imported.includes(n)))) {
      out.push(
        ...reached(
          target,
          exported ? exported.filter((n) => !imported || imported.includes(n)) : imported,
          seen,
        ),
      );
    }
  }
  return out;
}

/**
 * The folder graph of one source root at a depth: depth 1 groups files by their first folder (features, or an
 * app's capability folders), depth 2 by their first two (capability folders inside features). Files directly
 * under the root (main.ts, the app module) compose everything and are left out.
 */
export function folderGraph(root: string, depth: number): FolderGraph {
  const folderOf = (file: string): string | undefined => {
    const parts = relative(root, dirname(file)).split('/').filter(Boolean);
    return parts.length === 0 ? undefined : parts.slice(0, depth).join('/');
  };
  const graph: FolderGraph = new Map();
  for (const file of tsFiles(root).filter((f) => !isWiring(f))) {
    const from = folderOf(file);
    if (!from) {
      continue;
    }
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const [, list, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveModule(file, specifier);
      for (const reachedFile of target ? reached(target, names(list)) : []) {
        const to = isWiring(reachedFile) ? undefined : folderOf(reachedFile);
        if (to && to !== from) {
          edges.add(to);
        }
      }
    }
  }
  return graph;
}

/** A cycle (a path that ends where it starts) and every folder of its strongly connected component. */
export interface Cycle {
  path: string[];
  component: string[];
}

/** One cycle per strongly connected component of the graph (Tarjan). */
export function findCycles(graph: FolderGraph): Cycle[] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    indices.set(node, index);
    lowlinks.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        connect(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) {
        components.push(component);
      }
    }
  };
  [...graph.keys()].sort().forEach((node) => indices.has(node) || connect(node));
  return components.map((component) => ({
    path: cycleThrough(graph, new Set(component)),
    component: component.sort(),
  }));
}

/** A shortest path from the component's first node (alphabetically) back to itself, inside the component. */
function cycleThrough(graph: FolderGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (next === start) {
        const path = [node];
        while (path[0] !== start) {
          path.unshift(previous.get(path[0])!);
        }
        return [...path, start];
      }
      if (component.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

export const describeCycle = ({ path, component }: Cycle): string =>
  path.length - 1 === component.length
    ? path.join(' -> ')
    : `${path.join(' -> ')} (one of the cycles among ${component.join(', ')})`;
