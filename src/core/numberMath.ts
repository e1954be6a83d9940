/**
 * The one mathjs instance for float64 work: the number-only build (mathjs/number), created on first
 * use with every number factory registered lazily, so a function is built only when something calls
 * it. Targets (core/target), unit forms (core/unitForm) and symbolic polynomials read as text
 * (symbolic/sparsePolynomial) parse, differentiate and compile with it.
 *
 * Why not `import { parse } from 'mathjs/number'`: that entry builds all of its ~300 typed functions
 * when it is imported, which was 12-18% of every CLI start. `create(all)` has the same default
 * configuration and the same function implementations, so every value is the same; exact Fraction
 * arithmetic (symbolic/exactCheck) creates its own instance of the full build, also on first use.
 */
import { create, all, type MathJsInstance } from 'mathjs/number';

let instance: MathJsInstance | null = null;

export function numberMath(): MathJsInstance {
  instance ??= create(all);
  return instance;
}
