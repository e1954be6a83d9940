// The folders of src/ follow the pipeline, and data flows one way: a module may import its own
// folder or an earlier one, never a later one, and no module imports itself through a cycle.
// Order (README "Layout"): core -> linalg -> data -> spline -> symbolic -> network -> construct -> train ->
// measure -> fit -> verify -> report -> cli -> index.ts (the library API).
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PIPELINE = [
  'core',
  'linalg',
  'data',
  'spline',
  'symbolic',
  'network',
  'construct',
  'train',
  'measure',
  'fit',
  'verify',
  'report',
  'cli',
  '.',
];
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a module, static and dynamic, type-only included (a type import is still a dependency). */
function importsOf(text: string): string[] {
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return [...new Set(found)];
}

/** The pipeline folder of a file under src/ ('.' for src/index.ts). */
function folderOf(file: string): string {
  return relative(SRC, file).split('/')[0].replace(/\.ts$/, '') === 'index' ? '.' : relative(SRC, file).split('/')[0];
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Every edge that goes against the pipeline, as "from -> to (folder a imports later folder b)". */
export function backwardImports(edges: readonly ImportEdge[]): string[] {
  return edges.flatMap(({ from, to }) => {
    const [a, b] = [folderOf(from), folderOf(to)];
    const [ra, rb] = [PIPELINE.indexOf(a), PIPELINE.indexOf(b)];
    if (ra < 0 || rb < 0) return [`${relative(SRC, from)} -> ${relative(SRC, to)} (folder outside the pipeline)`];
    return rb > ra ? [`${relative(SRC, from)} -> ${relative(SRC, to)} (${a} imports the later folder ${b})`] : [];
  });
}

/** One cycle among the modules, as a path of files, or null. */
export function findCycle(edges: readonly ImportEdge[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file].map((f) => relative(SRC, f));
    state.set(file, 'open');
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of next.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

const edges: ImportEdge[] = sourceFiles(SRC).flatMap((from) =>
  importsOf(readFileSync(from, 'utf8')).map((spec) => ({
    from,
    to: resolve(dirname(from), spec.replace(/\.js$/, '.ts')),
  })),
);

t.test('no folder imports a folder later in the pipeline', async (t) => {
  t.ok(edges.length > 100, `${edges.length} imports read`);
  t.same(backwardImports(edges), [], 'every import goes to the same or an earlier folder');
});

t.test('no import cycles between modules', async (t) => {
  t.equal(findCycle(edges), null);
});

t.test('the check fails on a deliberately backwards import and on a cycle', async (t) => {
  const backwards = { from: join(SRC, 'construct/constructSweep.ts'), to: join(SRC, 'fit/logLogSlope.ts') };
  t.same(backwardImports([backwards]), [
    'construct/constructSweep.ts -> fit/logLogSlope.ts (construct imports the later folder fit)',
  ]);
  const a = join(SRC, 'verify/a.ts');
  const b = join(SRC, 'verify/b.ts');
  t.same(
    findCycle([
      { from: a, to: b },
      { from: b, to: a },
    ]),
    ['verify/a.ts', 'verify/b.ts', 'verify/a.ts'],
  );
});

/**
 * Importing a value from mathjs's entry points builds its default instance (about 300 typed
 * functions, 0.3-0.7 s) at every CLI start, --help included. Only core/numberMath.ts (number build)
 * and symbolic/exactCheck.ts (Fraction build) may, and they create their instance on first use.
 */
export function eagerMathjsImports(files: ReadonlyMap<string, string>): string[] {
  const allowed = new Set(['core/numberMath.ts', 'symbolic/exactCheck.ts']);
  const found: string[] = [];
  for (const [name, text] of files)
    for (const m of text.matchAll(/^import\s+(?!type\b)([^;]*?)\s+from\s+['"](mathjs(?:\/number)?)['"]/gm))
      if (!allowed.has(name) && !/^\{\s*(?:type\s+\w+\s*,?\s*)+\}$/.test(m[1])) found.push(`${name}: ${m[0]}`);
  return found;
}

t.test('mathjs values are imported only where its instances are created lazily', async (t) => {
  const files = new Map(sourceFiles(SRC).map((f) => [relative(SRC, f), readFileSync(f, 'utf8')]));
  t.same(eagerMathjsImports(files), []);
  const bad = new Map([['core/multiTarget.ts', "import { parse, type MathNode } from 'mathjs/number';"]]);
  t.same(eagerMathjsImports(bad), ["core/multiTarget.ts: import { parse, type MathNode } from 'mathjs/number'"]);
  const typeOnly = new Map([['core/a.ts', "import { type MathNode } from 'mathjs/number';"]]);
  t.same(eagerMathjsImports(typeOnly), []);
});
