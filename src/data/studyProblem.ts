/**
 * The d-dimensional regression problems of the paper's Table 1 (arXiv 2602.14495) and the two
 * protocols they are measured under, as training and test sets ready for a fit.
 *
 * Problems: a target of x1..xd on a box (core/multiTarget), or a named problem: friedman1 (d = 5),
 * friedman2, friedman3 (d = 4), airfoil (d = 5), california (d = 8).
 *
 * Protocols:
 *   paper    the paper's code: 2000 points (Friedman: scikit-learn stream with random_state 0;
 *            airfoil: all 1503 rows; california: the file's first 2000 rows, unshuffled, which are
 *            all northern California), X and y standardized (population std) on the whole set, and
 *            the "test" set is the training set itself, so its RMSE is a training RMSE. A box
 *            target gets 2000 uniform points (seed 0) and the paper's 44 x 44 test grid.
 *   holdout  a seeded random 80/20 split of 2000 points (airfoil: of its 1503 rows; california: of
 *            2000 rows drawn at random from all 20640), standardization fitted on the 80% only and
 *            applied to both parts. Synthetic problems (box targets, Friedman) are tested on a
 *            large independent set (testSize points, default 100,000) instead of the 20%, so their
 *            test RMSE measures approximation, not the sample.
 * A box target is never standardized: its box is already O(1) and standardizing would only rescale
 * RMSE by a constant, which leaves every slope unchanged.
 *
 * RMSE on a standardized problem is in units of the training target's standard deviation.
 *
 * Shapes: X row-major rows x dim.
 *
 * Examples:  studyData({ kind: 'named', name: 'friedman1' }, 'paper', 0).train.rows === 2000
 */
import type { BoxDomain } from '../core/boxDomain.js';
import { MAX_TEST_SIZE, type NamedProblem, type Protocol } from '../core/problemNames.js';
import { compileMultiTarget, uniformBoxPoints } from '../core/multiTarget.js';
import { derivedSeed } from '../core/derivedSeed.js';
import { seededRandom } from '../core/seededRandom.js';
import { friedman, type RegressionData } from './friedman.js';
import { readDataset } from './datasetFiles.js';
import { applyColumnScaling, fitColumnScaling } from './standardization.js';

export { NAMED_PROBLEMS, PROTOCOLS, parseProblemName, parseProtocol } from '../core/problemNames.js';
export type { NamedProblem, Protocol } from '../core/problemNames.js';

export type ProblemSpec =
  | { readonly kind: 'named'; readonly name: NamedProblem }
  | { readonly kind: 'target'; readonly expression: string; readonly domain: BoxDomain };

/** Points of the paper's protocol (its code's n_data default), and of the holdout pool. */
export const PROBLEM_POINTS = 2000;
/** Fraction of the pool the holdout protocol trains on. */
export const HOLDOUT_TRAIN_FRACTION = 0.8;
/** Independent test points for synthetic problems under holdout. */
export const DEFAULT_TEST_SIZE = 100000;
/** The paper's test grid for its 2-D problem: 44 points per axis. */
export const PAPER_GRID_POINTS = 44;
/** Friedman test sets are drawn from numpy streams seeded far from any training seed. */
const FRIEDMAN_TEST_SEED = 1000000;

export interface StudyData {
  /** "friedman1", or the target expression */
  readonly problem: string;
  readonly protocol: Protocol;
  readonly dim: number;
  readonly train: RegressionData;
  readonly test: RegressionData;
  /** what the test RMSE measures, one line */
  readonly testDescription: string;
  /** true when X and y are standardized (RMSE in units of the training target's std) */
  readonly standardized: boolean;
}

export function problemLabel(problem: ProblemSpec): string {
  return problem.kind === 'named' ? problem.name : problem.expression;
}

export function problemDimension(problem: ProblemSpec): number {
  if (problem.kind === 'target') return problem.domain.length;
  return { friedman1: 5, friedman2: 4, friedman3: 4, airfoil: 5, california: 8 }[problem.name];
}

/** Rows `indices` of a data set. */
export function selectRows(data: RegressionData, indices: readonly number[]): RegressionData {
  const d = data.dim;
  const X = new Float64Array(indices.length * d);
  const y = new Float64Array(indices.length);
  indices.forEach((r, i) => {
    X.set(data.X.subarray(r * d, r * d + d), i * d);
    y[i] = data.y[r];
  });
  return { X, y, rows: indices.length, dim: d };
}

/** A seeded permutation of 0..n-1 (Fisher-Yates from the end). */
export function seededPermutation(n: number, seed: number): number[] {
  const rng = seededRandom(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Standardize train and test with the scaling fitted on `fit` (X by columns, y as one column). */
function standardize(fit: RegressionData, parts: RegressionData[]): RegressionData[] {
  const xScale = fitColumnScaling(fit.X, fit.rows, fit.dim);
  const yScale = fitColumnScaling(fit.y, fit.rows, 1);
  return parts.map((p) => ({
    X: applyColumnScaling(p.X, p.dim, xScale),
    y: applyColumnScaling(p.y, 1, yScale),
    rows: p.rows,
    dim: p.dim,
  }));
}

function boxData(expression: string, domain: BoxDomain, points: Float64Array): RegressionData {
  const target = compileMultiTarget(expression, domain);
  return { X: points, y: target.values(points), rows: points.length / domain.length, dim: domain.length };
}

/** The tensor grid with `per` points per axis (linspace over each interval), row-major. */
export function boxGrid(domain: BoxDomain, per: number): Float64Array {
  const d = domain.length;
  const total = per ** d;
  const xs = new Float64Array(total * d);
  for (let t = 0; t < total; t++) {
    let r = t;
    for (let k = d - 1; k >= 0; k--) {
      const [a, b] = domain[k];
      xs[t * d + k] = a + ((b - a) * (r % per)) / (per - 1);
      r = Math.floor(r / per);
    }
  }
  return xs;
}

function holdoutSplit(pool: RegressionData, seed: number): [RegressionData, RegressionData] {
  const order = seededPermutation(pool.rows, derivedSeed(seed, 'holdout-split'));
  const cut = Math.round(HOLDOUT_TRAIN_FRACTION * pool.rows);
  return [selectRows(pool, order.slice(0, cut)), selectRows(pool, order.slice(cut))];
}

function namedPool(name: NamedProblem, protocol: Protocol, seed: number, testSize: number): RegressionData[] {
  if (name.startsWith('friedman')) {
    const k = Number(name.slice(-1)) as 1 | 2 | 3;
    if (protocol === 'paper') return [friedman(k, PROBLEM_POINTS, 0)];
    const [train] = holdoutSplit(friedman(k, PROBLEM_POINTS, seed), seed);
    return [train, friedman(k, testSize, FRIEDMAN_TEST_SEED + seed)];
  }
  const all = readDataset(name as 'airfoil' | 'california');
  if (protocol === 'paper') {
    const rows = Math.min(all.rows, PROBLEM_POINTS);
    return [
      selectRows(
        all,
        Array.from({ length: rows }, (_, i) => i),
      ),
    ];
  }
  const pool =
    all.rows > PROBLEM_POINTS
      ? selectRows(all, seededPermutation(all.rows, derivedSeed(seed, 'holdout-rows')).slice(0, PROBLEM_POINTS))
      : all;
  return holdoutSplit(pool, seed);
}

/**
 * Training and test sets of a problem under a protocol. `seed` draws the holdout split (and the
 * synthetic holdout data); the paper protocol's data do not depend on it (the paper used seed 0).
 */
export function studyData(
  problem: ProblemSpec,
  protocol: Protocol,
  seed: number,
  testSize: number = DEFAULT_TEST_SIZE,
): StudyData {
  if (!(Number.isInteger(testSize) && testSize >= 1 && testSize <= MAX_TEST_SIZE))
    throw new RangeError(`studyData: testSize must be an integer from 1 to ${MAX_TEST_SIZE}, got ${testSize}`);
  const label = problemLabel(problem);
  if (problem.kind === 'target') {
    const { expression, domain } = problem;
    if (protocol === 'paper') {
      return {
        problem: label,
        protocol,
        dim: domain.length,
        train: boxData(expression, domain, uniformBoxPoints(domain, PROBLEM_POINTS, derivedSeed(0, 'box-train'))),
        test: boxData(expression, domain, boxGrid(domain, PAPER_GRID_POINTS)),
        testDescription: `the paper's ${PAPER_GRID_POINTS}^${domain.length} grid`,
        standardized: false,
      };
    }
    const pool = boxData(expression, domain, uniformBoxPoints(domain, PROBLEM_POINTS, derivedSeed(seed, 'box-train')));
    return {
      problem: label,
      protocol,
      dim: domain.length,
      train: holdoutSplit(pool, seed)[0],
      test: boxData(expression, domain, uniformBoxPoints(domain, testSize, derivedSeed(seed, 'box-test'))),
      testDescription: `${testSize} independent uniform points`,
      standardized: false,
    };
  }
  const parts = namedPool(problem.name, protocol, seed, testSize);
  const [train, test] = standardize(parts[0], parts);
  const synthetic = problem.name.startsWith('friedman');
  return {
    problem: label,
    protocol,
    dim: train.dim,
    train,
    test: test ?? train,
    testDescription:
      protocol === 'paper'
        ? 'the training set itself (the paper reports training RMSE)'
        : synthetic
          ? `${testSize} independent points`
          : `the held-out ${test.rows} rows`,
    standardized: true,
  };
}
