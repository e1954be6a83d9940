/**
 * `merge`: the records of a spec's shards (runShard.ts) combined into the results files an
 * unsharded `verify` writes, with a record of what was merged (merged.json).
 *
 * Inputs are shard manifests, records files (their manifest is found beside them) or directories
 * (every *.manifest.json in them). Everything is read and checked before anything is written:
 * - every manifest against specs/schemas/shard-manifest.schema.json, its spec parsed as `verify`
 *   parses one, and its digest recomputed (an edited spec is refused);
 * - all manifests are of one spec (same digest), else the two that differ are named;
 * - every records file line by line (measure/resultsFile: schema, consistency, no run twice; a
 *   torn last line of a killed shard is left out, not an error), and every record carries the spec's
 *   digest and is one of the spec's jobs in that file;
 * - a run found in two files collapses when the records are identical except `seconds` (wall time,
 *   the one field that differs between repeated runs), and is an error naming both files otherwise.
 * Jobs that no shard produced are listed as (unit, method, n, seed), with the shard that owns them;
 * that is a UsageError unless `allowMissing`.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { readInputText } from '../core/inputFile.js';
import { quoteUserText } from '../core/userText.js';
import { schemaErrorLine, schemaValidator } from '../core/jsonSchema.js';
import { canonicalJson } from '../core/specDigest.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { readResultsFile } from '../measure/resultsFile.js';
import { recordKey, type ResultRecord } from '../measure/resultRecord.js';
import { shardPlan, type ShardManifest } from './runShard.js';
import { verificationDigest, type SpecJob } from './specJobs.js';
import { parseVerificationSpec, type SpecJson, type VerificationSpec } from './verificationSpec.js';

export const MERGED_MANIFEST = 'merged.json';
export const MERGED_FORMAT = 'approx-order merged records 1';

/** A job no shard produced. */
export interface MissingJob {
  readonly unit: string;
  readonly method: string;
  readonly n: number;
  readonly seed: number;
  readonly target: string;
  /** the shard that owns it, as "K of N" */
  readonly shard: string;
}

/** What merged.json holds (the spec, so that `verify --from-records` needs nothing else). */
export interface MergedManifest {
  readonly format: typeof MERGED_FORMAT;
  readonly version: string;
  readonly specDigest: string;
  readonly spec: SpecJson;
  readonly source: string;
  readonly shards: { readonly count: number; readonly index: number; readonly manifest: string }[];
  readonly records: number;
  readonly missing: MissingJob[];
}

export interface MergeOutcome {
  readonly spec: VerificationSpec;
  readonly manifest: MergedManifest;
  /** results file name -> records in canonical order */
  readonly files: Map<string, ResultRecord[]>;
  /** identical records found in more than one file */
  readonly collapsed: number;
  /** lines about torn last records left out */
  readonly notices: string[];
}

interface Input {
  readonly manifestPath: string;
  /** shard files named on the command line; null: all the manifest's files */
  only: Set<string> | null;
}

const MANIFEST_SUFFIX = '.manifest.json';

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError(`cannot read ${quoteUserText(path)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function manifestsIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new UsageError(
      `cannot read directory ${quoteUserText(dir)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  return names
    .filter((name) => name.endsWith(MANIFEST_SUFFIX))
    .sort()
    .map((name) => join(dir, name));
}

function readManifest(path: string): ShardManifest {
  let json: unknown;
  const text = readInputText(path, 'shard manifest');
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`cannot read shard manifest ${quoteUserText(path)} (not JSON)`);
  }
  const validate = schemaValidator('shard-manifest');
  if (!validate(json)) {
    const first = validate.errors?.[0];
    throw new UsageError(
      first
        ? `${quoteUserText(path)} is not a shard manifest: ${schemaErrorLine(basename(path), first)}`
        : `${quoteUserText(path)} is not a shard manifest`,
    );
  }
  return json as ShardManifest;
}

/** Manifests to read, and which of their files, from the command line's files and directories. */
function resolveInputs(paths: readonly string[]): Input[] {
  if (paths.length === 0) throw new UsageError('merge needs at least one records file, manifest or directory');
  const inputs = new Map<string, Input>();
  const add = (manifestPath: string, file: string | null): void => {
    const key = resolve(manifestPath);
    const input = inputs.get(key) ?? { manifestPath, only: new Set<string>() };
    if (file === null) input.only = null;
    else input.only?.add(file);
    inputs.set(key, input);
  };
  for (const path of paths) {
    const stats = lstatOrNull(path);
    if (stats === null) throw new UsageError(`cannot merge ${quoteUserText(path)}: no such file or directory`);
    if (stats.isDirectory() || (stats.isSymbolicLink() && lstatOrNull(join(path, '.'))?.isDirectory())) {
      const found = manifestsIn(path);
      if (found.length === 0)
        throw new UsageError(
          `no shard manifest (*${MANIFEST_SUFFIX}) in ${quoteUserText(path)}: is it the --out of a --shard run?`,
        );
      for (const m of found) add(m, null);
    } else if (path.endsWith(MANIFEST_SUFFIX)) {
      add(path, null);
    } else if (path.endsWith('.jsonl')) {
      const owner = manifestsIn(dirname(path)).find((m) =>
        readManifest(m).files.some((f) => f.shardFile === basename(path)),
      );
      if (!owner)
        throw new UsageError(
          `no shard manifest beside ${quoteUserText(path)} names it: only the records of --shard runs can be merged`,
        );
      add(owner, basename(path));
    } else {
      throw new UsageError(
        `cannot merge ${quoteUserText(path)}: give shard records (.jsonl), manifests (${MANIFEST_SUFFIX}) or directories`,
      );
    }
  }
  return [...inputs.values()];
}

function jobLabel(r: Pick<ResultRecord, 'unit' | 'method' | 'n' | 'seed'>): string {
  return `(${r.unit}, ${r.method}, n = ${r.n}, seed ${r.seed})`;
}

/** The first field in which two records of one run differ, `seconds` aside; null when none does. */
function difference(a: ResultRecord, b: ResultRecord): string | null {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'seconds');
  for (const k of keys) {
    const [x, y] = [
      canonicalJson((a as unknown as Record<string, unknown>)[k]),
      canonicalJson((b as unknown as Record<string, unknown>)[k]),
    ];
    if (x !== y)
      return `${k} (${x.length > 40 ? `${x.slice(0, 40)}...` : x} vs ${y.length > 40 ? `${y.slice(0, 40)}...` : y})`;
  }
  return null;
}

export function mergeRecords(paths: readonly string[], options: { allowMissing: boolean }): MergeOutcome {
  const inputs = resolveInputs(paths);
  const manifests = inputs.map((input) => ({ ...input, manifest: readManifest(input.manifestPath) }));
  for (const m of manifests) {
    // Parsed first: a spec this version cannot read is refused with the parser's message.
    const digest = verificationDigest(m.manifest.spec as SpecJson);
    if (digest !== m.manifest.specDigest)
      throw new UsageError(
        `${quoteUserText(m.manifestPath)} says spec digest ${m.manifest.specDigest}, but its spec has digest ${digest}: the manifest was edited`,
      );
  }
  const first = manifests[0];
  const other = manifests.find((m) => m.manifest.specDigest !== first.manifest.specDigest);
  if (other)
    throw new UsageError(
      `cannot merge records of two different specs: ${quoteUserText(first.manifestPath)} (spec ${quoteUserText(first.manifest.source)}, digest ${first.manifest.specDigest}) and ${quoteUserText(other.manifestPath)} (spec ${quoteUserText(other.manifest.source)}, digest ${other.manifest.specDigest})`,
    );
  const digest = first.manifest.specDigest;
  const spec = parseVerificationSpec(first.manifest.spec, first.manifest.source);
  const counts = [...new Set(manifests.map((m) => m.manifest.shard.count))];
  const plan = shardPlan(spec, counts.length === 1 ? counts[0] : Math.max(...counts));
  const jobIndex = new Map<string, number>(plan.jobs.map((j, i) => [`${j.file}\u0000${j.key}`, i]));
  const found: ({ record: ResultRecord; file: string } | undefined)[] = new Array(plan.jobs.length);
  const notices: string[] = [];
  let collapsed = 0;
  // By shard, and in command-line order within one shard (a stable sort): the first copy of a run is kept.
  const ordered = [...manifests].sort((p, q) => p.manifest.shard.index - q.manifest.shard.index);
  for (const m of ordered) {
    for (const f of m.manifest.files) {
      if (m.only !== null && !m.only.has(f.shardFile)) continue;
      const path = join(dirname(m.manifestPath), f.shardFile);
      if (lstatOrNull(path) === null) {
        notices.push(
          `${quoteUserText(path)} does not exist (shard ${m.manifest.shard.index} of ${m.manifest.shard.count} wrote none)`,
        );
        continue;
      }
      const contents = readResultsFile(path, 'merge');
      if (contents.tornLine !== null)
        notices.push(
          `left out the partial last line ${contents.tornLine} of ${quoteUserText(path)} (a run cut off when the shard was stopped)`,
        );
      for (const record of contents.records) {
        if (record.specDigest !== digest)
          throw new UsageError(
            `cannot merge ${quoteUserText(path)}: its record ${jobLabel(record)} ${record.specDigest === undefined ? 'has no spec digest (written before approx-order stamped them)' : `is of another spec (digest ${record.specDigest}, not ${digest})`}`,
          );
        const i = jobIndex.get(`${f.results}\u0000${recordKey(record)}`);
        if (i === undefined)
          throw new UsageError(
            `cannot merge ${quoteUserText(path)}: its record ${jobLabel(record)} is not a run of spec "${spec.name}" in ${f.results}`,
          );
        const seen = found[i];
        if (!seen) {
          found[i] = { record, file: path };
          continue;
        }
        const differs = difference(seen.record, record);
        if (differs !== null)
          throw new UsageError(
            `conflicting records of ${jobLabel(record)}: ${quoteUserText(seen.file)} and ${quoteUserText(path)} differ in ${differs}`,
          );
        collapsed++;
      }
    }
  }
  const missing: MissingJob[] = [];
  plan.jobs.forEach((j: SpecJob, i) => {
    if (found[i]) return;
    missing.push({
      unit: j.job.unit,
      method: j.job.method,
      n: j.job.n,
      seed: j.job.seed,
      target: j.job.target,
      shard: counts.length === 1 ? `${plan.shardOf[i]} of ${counts[0]}` : 'unknown (shards of several counts)',
    });
  });
  if (missing.length > 0 && !options.allowMissing) {
    const targets = spec.targets.length > 1;
    throw new UsageError(
      [
        `${missing.length} of ${plan.jobs.length} runs of spec "${spec.name}" are in no shard's records (nothing written); run their shards again (with --resume), or pass --allow-missing:`,
        ...missing.map(
          (j) =>
            `  ${j.unit} ${j.method} n=${j.n} seed=${j.seed}${targets ? ` target ${j.target}` : ''} (shard ${j.shard})`,
        ),
      ].join('\n'),
      true,
    );
  }
  const files = new Map<string, ResultRecord[]>();
  for (const j of plan.jobs) if (!files.has(j.file)) files.set(j.file, []);
  plan.jobs.forEach((j, i) => {
    const hit = found[i];
    if (hit) files.get(j.file)?.push(hit.record);
  });
  const manifest: MergedManifest = {
    format: MERGED_FORMAT,
    version: TOOL_VERSION,
    specDigest: digest,
    spec: first.manifest.spec as SpecJson,
    source: first.manifest.source,
    shards: ordered.map((m) => ({
      index: m.manifest.shard.index,
      count: m.manifest.shard.count,
      manifest: m.manifestPath,
    })),
    records: found.filter(Boolean).length,
    missing,
  };
  return { spec, manifest, files, collapsed, notices };
}

/** merged.json of a merge output directory; UsageError when it is not one. */
export function readMergedManifest(path: string): MergedManifest {
  let json: unknown;
  const text = readInputText(path, MERGED_MANIFEST);
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`cannot read ${quoteUserText(path)} (not JSON)`);
  }
  const m = json as Partial<MergedManifest> | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    m.format !== MERGED_FORMAT ||
    typeof m.specDigest !== 'string' ||
    typeof m.source !== 'string' ||
    typeof m.spec !== 'object' ||
    !Array.isArray(m.missing)
  )
    throw new UsageError(`${quoteUserText(path)} is not the ${MERGED_MANIFEST} that approx-order merge writes`);
  if (verificationDigest(m.spec as SpecJson) !== m.specDigest)
    throw new UsageError(
      `${quoteUserText(path)} says spec digest ${m.specDigest}, but its spec has another: the file was edited`,
    );
  return m as MergedManifest;
}
