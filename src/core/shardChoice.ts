/**
 * Which shard of a sweep this process runs: `--shard K/N` (1 <= K <= N, K counted from 1, as in the
 * file names `*.shard-K-of-N.jsonl`), or, without it, the scheduler's environment:
 * - Slurm array jobs: SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT; K = ID - SLURM_ARRAY_TASK_MIN + 1
 *   (MIN taken as 0 when unset), so `--array=0-3` and `--array=1-4` both give shards 1..4 of 4. An
 *   array with a step (`--array=0-15:4`) or holes is refused: its IDs do not number the shards.
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based) with the count in
 *   APPROX_ORDER_SHARD_COUNT (Kubernetes does not export `completions`; set it to the same number).
 * The choice says where it came from, so the CLI can state which variables it used.
 */
import { UsageError } from './errors.js';
import { quoteUserText } from './userText.js';

export interface ShardChoice {
  /** 1..count */
  readonly index: number;
  readonly count: number;
  /** "--shard 2/3" or "SLURM_ARRAY_TASK_ID=1 ..." */
  readonly from: string;
}

/** The variable that carries the shard count beside JOB_COMPLETION_INDEX. */
export const SHARD_COUNT_VARIABLE = 'APPROX_ORDER_SHARD_COUNT';

/** Largest shard count accepted: far beyond any array job, small enough to name every file. */
export const MAX_SHARDS = 100_000;

function integer(text: string, what: string, minimum: number): number {
  if (!/^\d{1,9}$/.test(text))
    throw new UsageError(`${what} must be an integer >= ${minimum}, got ${quoteUserText(text)}`);
  const value = Number(text);
  if (value < minimum) throw new UsageError(`${what} must be an integer >= ${minimum}, got ${quoteUserText(text)}`);
  return value;
}

function checked(index: number, count: number, from: string): ShardChoice {
  if (count < 1 || count > MAX_SHARDS)
    throw new UsageError(`${from}: the shard count must be between 1 and ${MAX_SHARDS}, got ${count}`);
  if (index < 1 || index > count)
    throw new UsageError(`${from}: shard ${index} does not exist (shards are numbered 1 to ${count})`);
  return { index, count, from };
}

/** `--shard K/N`. */
export function parseShard(text: string): ShardChoice {
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  if (!m) throw new UsageError(`--shard must be K/N with 1 <= K <= N, e.g. 2/4, got ${quoteUserText(text)}`);
  return checked(Number(m[1]), Number(m[2]), `--shard ${m[1]}/${m[2]}`);
}

/** The shard a scheduler's environment names, or null when it names none. */
export function shardFromEnvironment(env: NodeJS.ProcessEnv): ShardChoice | null {
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined && slurm !== '') {
    const countText = env.SLURM_ARRAY_TASK_COUNT;
    if (countText === undefined || countText === '')
      throw new UsageError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard K/N instead');
    const id = integer(slurm, 'SLURM_ARRAY_TASK_ID', 0);
    const count = integer(countText, 'SLURM_ARRAY_TASK_COUNT', 1);
    const minText = env.SLURM_ARRAY_TASK_MIN;
    const min = minText === undefined || minText === '' ? 0 : integer(minText, 'SLURM_ARRAY_TASK_MIN', 0);
    const step = env.SLURM_ARRAY_TASK_STEP;
    const maxText = env.SLURM_ARRAY_TASK_MAX;
    if ((step !== undefined && step !== '' && step !== '1') || (maxText && Number(maxText) - min + 1 !== count))
      throw new UsageError(
        `the Slurm array is not a plain range (SLURM_ARRAY_TASK_MIN=${min}, MAX=${quoteUserText(maxText ?? '')}, STEP=${quoteUserText(step ?? '1')}, COUNT=${count}); submit --array=1-${count} or pass --shard K/N`,
      );
    const from = `SLURM_ARRAY_TASK_ID=${id} (${minText ? `SLURM_ARRAY_TASK_MIN=${min}` : 'SLURM_ARRAY_TASK_MIN unset, taken as 0'}) of SLURM_ARRAY_TASK_COUNT=${count}`;
    return checked(id - min + 1, count, from);
  }
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== '') {
    const countText = env[SHARD_COUNT_VARIABLE];
    if (countText === undefined || countText === '')
      throw new UsageError(
        `JOB_COMPLETION_INDEX is set but ${SHARD_COUNT_VARIABLE} is not; set it to the Job's completions, or pass --shard K/N`,
      );
    const index = integer(k8s, 'JOB_COMPLETION_INDEX', 0);
    const count = integer(countText, SHARD_COUNT_VARIABLE, 1);
    return checked(index + 1, count, `JOB_COMPLETION_INDEX=${index} of ${SHARD_COUNT_VARIABLE}=${count}`);
  }
  return null;
}

/** `--shard` when given, else the environment's shard, else null (no sharding). */
export function chooseShard(option: string | undefined, env: NodeJS.ProcessEnv): ShardChoice | null {
  return option === undefined ? shardFromEnvironment(env) : parseShard(option);
}

/** The infix of a shard's file names: "shard-2-of-4". */
export function shardTag(shard: Pick<ShardChoice, 'index' | 'count'>): string {
  return `shard-${shard.index}-of-${shard.count}`;
}
