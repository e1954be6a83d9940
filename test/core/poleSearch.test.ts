// The pole search between grid samples (core/poleSearch): poles the 20001-point grid steps over are
// found, smooth steep targets are not taken for poles.
import t from 'tap';
import { parse } from 'mathjs/number';
import { findPole } from '../../src/core/poleSearch.js';
import { uniformGrid } from '../../src/core/testGrid.js';
import type { Domain } from '../../src/core/domain.js';

function search(expression: string, domain: Domain) {
  const code = parse(expression).compile();
  const f = (x: number) => code.evaluate({ x }) as number;
  const xs = uniformGrid(domain);
  const ys = xs.map(f);
  if (!ys.every(Number.isFinite)) throw new Error(`${expression} is not finite on the grid`);
  return findPole(f, xs, ys);
}

t.test('poles between samples are found where they are', async (t) => {
  const poles: Array<[string, Domain, number]> = [
    // 5e-5 sits halfway between two samples 1e-4 apart: |f| = 2e4 there, well inside any range rule.
    ['1/(x-0.00005)', [-1, 1], 0.00005],
    ['1/(x-1e-9)', [-1, 1], 1e-9],
    ['1/(x-0.00005)^2', [-1, 1], 0.00005],
    ['1e6+1/(x-0.00005)', [-1, 1], 0.00005],
    ['sin(x)+0.001/(x-0.12345678)', [-1, 1], 0.12345678],
    ['1/sqrt(abs(x-0.00005))', [-1, 1], 0.00005],
    ['1/(x-3.3333e-7)', [0, 1e-6], 3.3333e-7],
    ['exp(x/1000)/(x-999.31234)', [999, 1000], 999.31234],
  ];
  for (const [expression, domain, at] of poles) {
    const pole = search(expression, domain);
    t.ok(pole, `${expression}: found`);
    if (pole) t.ok(Math.abs(pole.x - at) <= 1e-9 * (domain[1] - domain[0]), `${expression}: at ${at}, got ${pole.x}`);
  }
});

t.test('smooth steep targets have no pole', async (t) => {
  const smooth: Array<[string, Domain]> = [
    ['sin(4*x)', [-1, 1]],
    ['tanh(1000*x)', [-1, 1]],
    ['exp(-1e5*x^2)', [-1, 1]],
    ['1/(1e-8+x^2)', [-1, 1]],
    ['sin(100000*x)', [-1, 1]],
    ['abs(sin(50*x))', [-1, 1]],
    ['1/(x-2)', [-1, 1]],
    ['(1e8+sin(x))-1e8', [-1, 1]],
    ['log(x)', [1e-3, 1]],
    ['tan(x)', [-1.5, 1.5]],
  ];
  for (const [expression, domain] of smooth) t.equal(search(expression, domain), null, expression);
});
