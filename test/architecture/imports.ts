// The import graph of src/ and adapters/ and the rules the layout keeps:
// no cycles (static, type-only or `import()` alike), the shared core never
// imports the application folder, the adapters or a feature, the adapters
// never import the application folder or a feature, and a feature reaches
// another feature only through that feature's index.ts.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";

/** file (repository-relative, `/`-separated) → the repository files it imports */
export type ImportGraph = Map<string, string[]>;

export const ROOT = join(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Every import of every .ts file under the given folders, resolved to repository files. */
export function importGraph(folders: readonly string[] = ["src", "adapters"]): ImportGraph {
  const files = folders.flatMap((f) => sourceFiles(f));
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const targets: string[] = [];
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const resolved = normalize(join(dirname(file), fileName))
        .split("\\")
        .join("/")
        .replace(/\.js$/, ".ts");
      if (known.has(resolved)) targets.push(resolved);
    }
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import cycles: each strongly connected group of two or more files (or a file importing itself). */
export function cycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

/** The feature a file belongs to (`src/features/<name>/…`), or null. */
function featureOf(file: string): string | null {
  return /^src\/features\/([^/]+)\//.exec(file)?.[1] ?? null;
}

const isApp = (file: string) => file.startsWith("src/app/");
const isAdapter = (file: string) => file.startsWith("adapters/");
/** src/features/index.ts: the list of features the registry is built from */
const FEATURE_LIST = "src/features/index.ts";
/** the one shared file that gathers the features' message catalogues (a typed key space needs them at compile time) */
const CATALOGUES = "src/i18n/catalogues.ts";

/** Every import that breaks a layout rule, as "from → to: why". */
export function wrongWayImports(graph: ImportGraph): string[] {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const why = ruleBroken(from, to);
      if (why) wrong.push(`${from} → ${to}: ${why}`);
    }
  }
  return wrong;
}

function ruleBroken(from: string, to: string): string | null {
  if (isApp(from)) return null;
  if (isApp(to)) return "only the application folder knows the composition root, config and CLI";
  if (isAdapter(from)) {
    if (featureOf(to) || to === FEATURE_LIST) return "an adapter talks to the core's front door, never to a feature";
    return null;
  }
  if (isAdapter(to)) return "the core never imports an adapter (the application folder wires them)";
  const target = featureOf(to);
  if (!target) return null;
  const source = featureOf(from);
  if (source === target) return null;
  if (from === FEATURE_LIST) return to === `src/features/${target}/index.ts` ? null : "list features by their index.ts";
  if (from === CATALOGUES)
    return to === `src/features/${target}/messages.ts` ? null : "catalogues take messages.ts only";
  if (!source) return `shared code does not depend on a feature (${target})`;
  if (to !== `src/features/${target}/index.ts`) return `a feature reaches "${target}" only through its index.ts`;
  return null;
}

export function describeCycle(cycle: string[]): string {
  return cycle.map((f) => relative(".", f)).join(" ↔ ");
}
