import t from 'tap';
import { strongWolfeLineSearch, type LineSearchPoint } from '../../src/train/strongWolfeLineSearch.js';

/** Both strong Wolfe conditions at the returned step, checked independently of the search. */
function wolfe(phi: (t: number) => LineSearchPoint, step: number, c1: number, c2: number): [boolean, boolean] {
  const zero = phi(0);
  const at = phi(step);
  return [at.value <= zero.value + c1 * step * zero.slope, Math.abs(at.slope) <= -c2 * zero.slope];
}

t.test('an exact Newton step on a quadratic is accepted at t = 1 after one evaluation', async (t) => {
  // phi(t) = (t - 1)^2: the Newton direction's minimum is at t = 1.
  const phi = (s: number): LineSearchPoint => ({ value: (s - 1) ** 2, slope: 2 * (s - 1) });
  const result = strongWolfeLineSearch(phi, 1, -2);
  t.equal(result.step, 1);
  t.equal(result.evaluations, 1);
  t.equal(result.strongWolfe, true);
});

t.test(
  'too long a first step is zoomed in, too short a one extrapolated; both end on a strong Wolfe point',
  async (t) => {
    for (const minimum of [0.01, 0.3, 30, 1000]) {
      const phi = (s: number): LineSearchPoint => ({ value: (s - minimum) ** 2, slope: 2 * (s - minimum) });
      const zero = phi(0);
      // c2 = 0.1: a curvature condition that t = 1 does not meet when the minimum is far from it.
      const result = strongWolfeLineSearch(phi, zero.value, zero.slope, { c2: 0.1 });
      const [decrease, curvature] = wolfe(phi, result.step, 1e-4, 0.1);
      t.ok(
        decrease && curvature && result.strongWolfe,
        `minimum ${minimum}: step ${result.step} (${result.evaluations} evaluations)`,
      );
      t.ok(result.evaluations > 1, 'the first trial was not accepted');
    }
  },
);

t.test(
  'non-quadratic functions of More and Thuente (ACM TOMS 20, 1994): the returned step is a strong Wolfe point',
  async (t) => {
    const cases: Array<[string, (s: number) => LineSearchPoint, number, number]> = [
      // phi(a) = -a / (a^2 + beta), beta = 2: minimum at sqrt(2)
      ['-a/(a^2+2)', (a) => ({ value: -a / (a * a + 2), slope: (a * a - 2) / (a * a + 2) ** 2 }), 1e-3, 0.1],
      // phi(a) = (a + 0.004)^5 - 2 (a + 0.004)^4: minimum at 1.596
      [
        '(a+0.004)^5-2(a+0.004)^4',
        (a) => ({ value: (a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, slope: 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3 }),
        0.1,
        0.1,
      ],
      // a wiggly one: phi(a) = (1 - a) ... with sin: phi(a) = a^2 / 2 - a + 0.05 sin(8 a)
      [
        'a^2/2 - a + 0.05 sin(8a)',
        (a) => ({ value: (a * a) / 2 - a + 0.05 * Math.sin(8 * a), slope: a - 1 + 0.4 * Math.cos(8 * a) }),
        1e-4,
        0.1,
      ],
    ];
    for (const [name, phi, c1, c2] of cases) {
      for (const initialStep of [1e-3, 1, 10]) {
        const zero = phi(0);
        // The second function has phi'(0) = -5e-7, so |phi'| <= c2 |phi'(0)| needs the minimiser to ~2e-9,
        // where phi's values tie to rounding: the search must order such points by their slopes.
        const result = strongWolfeLineSearch(phi, zero.value, zero.slope, { c1, c2, initialStep });
        const [decrease, curvature] = wolfe(phi, result.step, c1, c2);
        t.ok(
          decrease && curvature && result.strongWolfe,
          `${name}, first trial ${initialStep}: step ${result.step.toPrecision(6)} after ${result.evaluations} evaluations`,
        );
      }
    }
  },
);

t.test(
  'the evaluation budget is respected, the best sufficient-decrease point kept, and an ascent slope refused',
  async (t) => {
    let calls = 0;
    const phi = (s: number): LineSearchPoint => {
      calls++;
      return { value: (s - 1e-6) ** 2, slope: 2 * (s - 1e-6) };
    };
    const zero = phi(0);
    calls = 0;
    const result = strongWolfeLineSearch(phi, zero.value, zero.slope, { maxEvaluations: 3, c2: 0.01 });
    t.equal(calls, 3);
    t.equal(result.evaluations, 3);
    t.ok(result.value <= zero.value, 'never above the start');
    t.throws(() => strongWolfeLineSearch(phi, 1, 0.5), RangeError);
  },
);
