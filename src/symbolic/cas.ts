/**
 * The computer algebra system (nerdamer-prime), behind a few string-in, string-out calls.
 * Everything it returns is treated as a claim: callers re-check it with exactCheck before use.
 * Notes from use: expand before integrate; `taylor` is unreliable (series are built from diff);
 * `solve` returns decimals, so linear systems are solved exactly in rationalLinearAlgebra instead.
 */
import nerdamer from 'nerdamer-prime';

// nerdamer aborts any call that runs longer than Settings.TIMEOUT (800 ms of wall-clock time), so
// under machine load a degree-12 expansion would fail where it succeeds at rest: no result may
// depend on wall-clock time. The inputs are bounded instead (MAX_ACTIVE_DEGREE in core/unitForm).
nerdamer.set('TIMEOUT', Number.POSITIVE_INFINITY);

export function casExpand(expression: string): string {
  return nerdamer(`expand(${expression})`).toString();
}

/** k-th derivative in `variable`, expanded. */
export function casDerivative(expression: string, variable: string, order: number): string {
  if (order === 0) return casExpand(expression);
  return casExpand(nerdamer(`diff(${expression}, ${variable}, ${order})`).toString());
}

/** expression with variable := value, expanded. */
export function casSubstitute(expression: string, variable: string, value: string): string {
  return casExpand(nerdamer(expression).sub(variable, `(${value})`).toString());
}

/** Definite integral over [from, to] of the expanded integrand. */
export function casDefiniteIntegral(expression: string, variable: string, from: string, to: string): string {
  return casExpand(nerdamer(`defint(${casExpand(expression)}, ${from}, ${to}, ${variable})`).toString());
}

/** Coefficients in `variable`, ascending powers, each expanded. */
export function casCoefficients(expression: string, variable: string): string[] {
  const coefficients = nerdamer.coeffs(nerdamer(casExpand(expression)), variable) as unknown as {
    each(f: (c: unknown) => void): void;
  };
  const out: string[] = [];
  coefficients.each((c) => out.push(casExpand(String(c))));
  return out;
}
