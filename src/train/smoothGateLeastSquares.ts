/**
 * Method `lsq` for smooth gates (gelu, silu, sigmoid, tanh): with the gates frozen, a unit such as
 * GeGLU gelu(g)*u or SwiGLU silu(g)*u is linear in (D_i U_i, D_i u_i, d), so the fit is one exact
 * float64 least-squares solve over the dense design, column-major N x (n (s+1) + 1):
 *   column i (s+1) + j = act(z_i)^p * z_i^q * w^j,  z_i = G_i x + g_i,  w = (x - c) / h,  j = 0..s,
 *   last column       = 1 (the output bias d),
 * (p the gate's power, q the power of the gate map as a plain factor, s = 1 with a free map) solved
 * by the project's column-scaled pivoted QR (linalg/leastSquaresQr: min-norm on numerical rank
 * deficiency, never the normal equations). There is no banded basis: the columns are not piecewise
 * polynomials. Memory 8 N (2 c + 2) bytes, time ~2 N c^2 flops (measure/runCost.ts denseLsqCost).
 * The numerical rank and the condition estimate go into the diagnostics: how well the design is
 * posed depends on the gate scale (network/splineInitialisation.ts smoothInitialGates).
 * The recovered network is re-evaluated and must reproduce the fitted values to 1e-9 relative to
 * max |y| plus the float64 rounding of the terms that cancel in them (64 eps sum_j |A_tj c_j|), else
 * CheckFailedError (as for relu gates, frozenGateLeastSquares.ts, which has no such cancellation).
 */
import type { Domain } from '../core/domain.js';
import { CheckFailedError } from '../core/errors.js';
import { columnVariable } from '../linalg/frozenGateColumns.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { ACTIVATIONS } from '../network/gateActivation.js';
import type { AnalysedUnit, SmoothGateFamily } from '../symbolic/analysedUnit.js';
import type { FrozenGateDesign, FrozenGates } from './frozenGateDesign.js';
import { frozenGateParams } from './frozenGateParams.js';
import { FLOAT64_BACKEND } from './frozenGateLeastSquares.js';
import { renderDiagnostics } from './renderDiagnostics.js';
import type { LinearSolveDiagnostics, TrainingOutcome } from './trainingOutcome.js';

const RECOVERY_TOLERANCE = 1e-9;
/** rounding allowed in the network's evaluation, in units of eps * sum_j |A_tj c_j| (a few flops per term, generous) */
const CANCELLATION_ROUNDING = 64;

export function smoothGateDesign(
  xs: Float64Array,
  gates: FrozenGates,
  family: SmoothGateFamily,
  domain: Domain,
): FrozenGateDesign {
  const rows = xs.length;
  const n = gates.G.length;
  const s = family.freeDegree;
  const cols = n * (s + 1) + 1;
  const matrix = new Float64Array(rows * cols);
  const act = ACTIVATIONS[family.activation].value;
  const { centre, halfLength } = columnVariable(domain);
  for (let i = 0; i < n; i++) {
    const base = i * (s + 1) * rows;
    for (let t = 0; t < rows; t++) {
      const z = gates.G[i] * xs[t] + gates.g[i];
      const column = act(z) ** family.gatePower * z ** family.tiePower;
      matrix[base + t] = column;
      if (s === 1) matrix[base + rows + t] = column * ((xs[t] - centre) / halfLength);
    }
  }
  matrix.fill(1, (cols - 1) * rows, cols * rows);
  return { matrix, rows, cols };
}

export function fitSmoothGateLeastSquares(
  analysed: AnalysedUnit,
  gates: FrozenGates,
  xs: Float64Array,
  ys: Float64Array,
  domain: Domain,
): TrainingOutcome {
  const unit = analysed.form;
  const family = analysed.smoothFrozenGate;
  if (!family) throw new Error(`fitSmoothGateLeastSquares: unit ${unit.name} has no smooth frozen-gate family`);
  const design = smoothGateDesign(xs, gates, family, domain);
  const solution = solveLeastSquares(design.matrix, design.rows, design.cols, ys);
  // frozenGateParams reads only the roles, the free map and s: the gate map's own factor needs no parameter.
  const params = frozenGateParams(
    unit,
    {
      knotPower: 1,
      freeDegree: family.freeDegree,
      freeMap: family.freeMap,
      roles: family.roles,
      ties: [],
      constants: [],
    },
    gates,
    solution.x,
    domain,
  );
  // fitted values and, per row, the size of the terms that cancel in them (sum_j |A_tj c_j|)
  const fitted = new Float64Array(design.rows);
  const termSize = new Float64Array(design.rows);
  for (let j = 0; j < design.cols; j++) {
    const c = solution.x[j];
    if (c === 0) continue;
    for (let t = 0; t < design.rows; t++) {
      const term = design.matrix[t + j * design.rows] * c;
      fitted[t] += term;
      termSize[t] += Math.abs(term);
    }
  }
  const network = evaluateNetwork(unit, params, xs);
  let scale = 0;
  let worst = 0;
  let cancelling = 0;
  for (let t = 0; t < xs.length; t++) {
    scale = Math.max(scale, Math.abs(ys[t]), Math.abs(fitted[t]));
    worst = Math.max(worst, Math.abs(network[t] - fitted[t]));
    cancelling = Math.max(cancelling, termSize[t]);
  }
  // A nearly linear gate (small gate scale) makes the optimum a sum of large terms that cancel: the
  // network's own float64 evaluation then differs from the fitted values by rounding of order
  // eps * sum |terms|, which is allowed (and stated below); anything beyond it is a wrong recovery.
  const allowed = RECOVERY_TOLERANCE * Math.max(scale, 1e-300) + CANCELLATION_ROUNDING * Number.EPSILON * cancelling;
  if (!(worst <= allowed)) {
    throw new CheckFailedError(
      'lsq parameter recovery (smooth gate)',
      `network with recovered parameters differs from the least-squares fit by ${worst.toExponential(3)} (allowed ${allowed.toExponential(3)}: ${RECOVERY_TOLERANCE} x ${scale.toExponential(3)} plus the rounding of terms up to ${cancelling.toExponential(3)})`,
    );
  }
  const act = `${family.activation}(z_i)${family.gatePower > 1 ? `^${family.gatePower}` : ''}${family.tiePower > 0 ? ` * z_i${family.tiePower > 1 ? `^${family.tiePower}` : ''}` : ''}`;
  const diagnostics: LinearSolveDiagnostics = {
    kind: 'linear-solve',
    solver: 'dense',
    declined: `the ${family.activation} gate is not piecewise polynomial, so there is no banded spline basis`,
    columns: design.cols,
    points: xs.length,
    rank: solution.rank,
    conditionEstimate: solution.conditionEstimate,
    spline: null,
    span: family.freeDegree === 1 ? `${act} * {1, x}` : act,
    ties: [],
    constants: [],
    knotPower: 1,
    freeMap: family.freeMap,
  };
  const notes = renderDiagnostics(diagnostics);
  if (worst > RECOVERY_TOLERANCE * scale)
    notes.push(
      `the fit is a sum of terms up to ${cancelling.toExponential(2)} that cancel to ${scale.toExponential(2)}: the network's float64 evaluation differs from the least-squares values by ${worst.toExponential(2)}, and the RMSEs are the network's (a larger gate scale conditions the design better)`,
    );
  return {
    params,
    iterations: 1,
    stopReason: 'exact solve',
    diagnostics,
    notes,
    backend: FLOAT64_BACKEND,
  };
}
