/**
 * Which spline construction a unit gets: chosen by the (degree m, continuity r) pair of its best
 * increment specialisation (symbolic/incrementFamily), never by the unit's name, so a written form
 * such as relu(g)^2*u gets the same (3, 1) construction as the GQU.
 */
import type { Target } from '../core/target.js';
import type { UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { analyseIncrementFamily, type IncrementSpecialisation } from '../symbolic/incrementFamily.js';
import type { CellPolynomials } from '../spline/cellPolynomials.js';
import { linearInterpolant } from '../spline/linearInterpolant.js';
import { gluCurvatureRecurrence } from '../spline/gluCurvatureRecurrence.js';
import { c1QuadraticSpline, smoothStartSlope } from '../spline/c1QuadraticSpline.js';
import { cubicHermiteSpline } from '../spline/cubicHermiteSpline.js';
import { c2CubicSpline, smoothEndMoments } from '../spline/c2CubicSpline.js';

interface SplineConstruction {
  readonly degree: number;
  readonly continuity: number;
  readonly description: string;
  build(target: Target, cells: number): CellPolynomials;
}

export const SPLINE_CONSTRUCTIONS: readonly SplineConstruction[] = [
  { degree: 1, continuity: 0, description: 'linear interpolant (paper eq. 6)', build: linearInterpolant },
  { degree: 2, continuity: 0, description: "quadratic, curvature f''(left knot), the paper's GLU recurrence (eqs. 10-12)", build: gluCurvatureRecurrence },
  {
    degree: 2, continuity: 1, description: "C1 quadratic spline, start slope f'(a) - h^2 f'''(a)/12",
    build: (target, cells) => c1QuadraticSpline(target, cells, smoothStartSlope(target, (target.domain[1] - target.domain[0]) / cells)),
  },
  { degree: 3, continuity: 1, description: 'cubic Hermite spline (f and f\' at every knot)', build: cubicHermiteSpline },
  {
    degree: 3, continuity: 2, description: "C2 cubic interpolating spline, end moments f'' - h^2 f''''/12",
    build: (target, cells) => c2CubicSpline(target, cells, smoothEndMoments(target, (target.domain[1] - target.domain[0]) / cells)),
  },
];

const AVAILABLE = SPLINE_CONSTRUCTIONS.map((c) => `degree ${c.degree} C${c.continuity}`).join(', ');

/** The unit's best specialisation and its construction; UsageError for smooth gates and other (m, r). */
export function splineForUnit(unit: UnitForm): { spec: IncrementSpecialisation; construction: SplineConstruction } {
  if (!unit.piecewisePolynomial) {
    throw new UsageError(
      `no construction for ${unit.name}: its gate ${unit.gate.activation} is not piecewise polynomial, so it spans no spline space; ` +
        `constructions exist for relu-gated units whose best increment family gives ${AVAILABLE} splines`,
    );
  }
  const spec = analyseIncrementFamily(unit).best;
  const construction = SPLINE_CONSTRUCTIONS.find((c) => c.degree === spec.degree && c.continuity === spec.continuity);
  if (!construction) {
    throw new UsageError(
      `no construction for degree-${spec.degree} C${spec.continuity} splines (unit ${unit.name}); constructions exist for ${AVAILABLE}`,
    );
  }
  return { spec, construction };
}
