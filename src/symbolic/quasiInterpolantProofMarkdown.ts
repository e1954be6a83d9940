/**
 * The Markdown (with LaTeX) proof of a unit built by the quasi-interpolant. Pure rendering: every
 * expression comes from quasiInterpolantDerivation, which has already checked it; the shared
 * paragraphs (result, unit, domain average, checks) are proofMarkdown's.
 */
import type { UnitForm } from '../core/unitForm.js';
import type { Fraction } from '../linalg/exactRational.js';
import { rational } from '../linalg/exactRational.js';
import type { IncrementAnalysis } from './incrementFamily.js';
import type { QuasiInterpolantCell } from './quasiInterpolantDerivation.js';
import { checksLines, domainMeanSquareLines, equivalentTex, resultLines, tex, unitSection } from './proofMarkdown.js';
import type { RmseConstant } from './rmseConstant.js';

export interface QuasiInterpolantProofInputs {
  readonly unit: UnitForm;
  readonly family: IncrementAnalysis;
  readonly cell: QuasiInterpolantCell;
  readonly rmseConstant: RmseConstant;
}

function fractionTex(v: Fraction): string {
  if (v.d === 1n) return `${v.s < 0n ? '-' : ''}${v.n}`;
  return `${v.s < 0n ? '-' : ''}\\tfrac{${v.n}}{${v.d}}`;
}

/** a polynomial in s with exact ascending coefficients, highest power first */
function polynomialTex(p: readonly Fraction[], variable = 's'): string {
  const terms: string[] = [];
  for (let t = p.length - 1; t >= 0; t--) {
    if (p[t].equals(0)) continue;
    const magnitude = p[t].abs();
    const power = t === 0 ? '' : t === 1 ? variable : `${variable}^{${t}}`;
    const coefficient = magnitude.equals(1) && t > 0 ? '' : `${fractionTex(magnitude)}${t > 0 ? '\\,' : ''}`;
    const sign = p[t].s < 0n ? '-' : '+';
    terms.push(
      terms.length === 0 ? `${sign === '-' ? '-' : ''}${coefficient}${power}` : ` ${sign} ${coefficient}${power}`,
    );
  }
  return terms.length === 0 ? '0' : terms.join('');
}

function constructionSection(unit: UnitForm, family: IncrementAnalysis, cell: QuasiInterpolantCell): string[] {
  const m = cell.construction.degree;
  const st = cell.stencil;
  const p = st.halfWidth;
  const j0 = st.firstInterior;
  const G = unit.gate.map.toUpperCase();
  const g = unit.gate.map;
  const free = family.best.freeMap;
  const tied = [...unit.maps.slice(1)].filter((map) => family.best.roles[map] !== 'const');
  const grid = st.grid === 'knots' ? 'knots' : 'cell midpoints';
  const headV = cell.construction.headDirections;
  return [
    `## 2. The construction: ${cell.construction.title}`,
    '',
    cell.construction.description,
    '',
    `Knots $t_j = t_0 + j h$ ($j \\in \\mathbb{Z}$, the domain is $[t_0, t_N]$), $B_j(X) = B((X - t_0)/h - j)$ with $B$ the cardinal B-spline of degree ${m} on $[0, ${m + 1}]$; on cell $k$ the B-spline $B_{k-i}$ is its piece $\\beta_i(s)$, $s = (X - t_k)/h$, $i = 0, \\dots, ${m}$.`,
    '',
    `- **Interior coefficients.** $c_j = \\sum_{i=-${p}}^{${p}} w_{|i|}\\, f\\big(t_0 + (j + \\tfrac{${m + 1}}{2} + i)\\,h\\big)$ (values at ${grid}) for $${j0} \\le j \\le N - ${m + 1 + j0}$, with`,
    '',
    `| $i$ | ${st.weights.map((_, i) => (i === 0 ? '0' : `$\\pm ${i}$`)).join(' | ')} |`,
    `|---|${st.weights.map(() => '---').join('|')}|`,
    `| $w_i$ | ${st.weights.map((w) => `$${fractionTex(w)}$`).join(' | ')} |`,
    '',
    `  These solve $\\sum_i w_{|i|} e^{iz} = ((z/2)/\\sinh(z/2))^{${m + 1}} \\bmod z^{${2 * p + 2}}$: the right side is the reciprocal of the symbol $(\\sinh(z/2)/(z/2))^{${m + 1}}$ of the centred B-spline (its two-sided Laplace transform), so the functional undoes the B-spline's smoothing to that order.`,
    `- **End coefficients.** $c_{-${m}}, \\dots, c_{${j0 - 1}}$ (whose stencils would leave the domain) minimise $\\sum (f - Qf)^2$ over ${st.boundarySamplesPerCell} points $t_0 + (k + \\tfrac{2i+1}{${2 * st.boundarySamplesPerCell}})h$ in each of the first ${j0 + m} cells, with $c_{${j0}}, \\dots, c_{${j0 + m - 1}}$ held at their stencil values; the right end is the mirror image. The fit's matrix is fixed (it does not depend on $N$ or $f$); the construct verb solves it by pivoted QR. At least $N = ${st.minimumCells}$ cells are needed, so that the two ends do not overlap.`,
    `- **Network.** ${tied.length === 0 ? 'The unit has no factor besides the gate' : `Every non-gate factor is tied to the gate (${tied.map((map) => `$${map.toUpperCase()}_i = ${G}_i$, $${map}_i = ${g}_i$`).join(', ')}${free ? `; the free factor $${affine(free)}$ of section 1 included` : ''})`}, so each neuron is $D_i\\,\\mathrm{relu}(z_i)^{${m}}$. The jump of $p^{(${m})}$ at $t_k$ is $J_k = \\nabla^{${m + 1}} c_k / h^{${m}}$ with $\\nabla^{${m + 1}} c_k = \\sum_{l=0}^{${m + 1}} (-1)^l \\binom{${m + 1}}{l} c_{k-l}$. With $k_c = \\lfloor N/2 \\rfloor$, knots $t_k$, $k > k_c$, get $${G}_k = 1$, $${g}_k = -t_k$, $D_k = J_k/${m}!$ (the neuron $D_k (X - t_k)_+^{${m}}$ adds that jump), and knots $k \\le k_c$ face left: $${G}_k = -1$, $${g}_k = t_k$, $D_k = ${m % 2 === 1 ? '' : '-'}J_k/${m}!$, since $(X - t)_+^{${m}} = (X - t)^{${m}} ${m % 2 === 1 ? '+' : '-'} (t - X)_+^{${m}}$. The **head** writes the middle cell's polynomial $P$ on the whole domain: the output bias $d$ and ${m} neurons with knots $s = x_0 - R/v$, $v \\in \\{${headV.map((v) => fractionTex(v)).join(', ')}\\}$ ($x_0$, $R$ the centre and half-length of the domain; $${G} = \\operatorname{sign} v$), each equal to $(R/|v|)^{${m}} (1 + v y)^{${m}}$ with $y = (X - x_0)/R$; $d + \\sum e_v (1 + v y)^{${m}} = P(x_0 + R y)$ is one exact rational solve. (Knots on both sides keep the head's terms small: the worst case over degree-${m} polynomials is measured in the README.)`,
    `- **Count.** ${m} head neurons and one neuron at each interior knot: $n = N + ${m - 1}$, $N \\ge ${st.minimumCells}$.`,
    '',
  ];
}

function affine(letter: string): string {
  return `${letter.toUpperCase()}X + ${letter}`;
}

function cellSection(cell: QuasiInterpolantCell): string[] {
  const m = cell.construction.degree;
  const K = cell.taylorHighest;
  return [
    `## 3. Taylor expansion on one interior cell`,
    '',
    `On an interior cell $[t_k, t_k + h]$ (every coefficient $c_{k-i}$, $i = 0..${m}$, from the stencil) with local coordinate $x \\in [0, h]$ and $f_j = f^{(j)}(t_k)$,`,
    '',
    `$$f(t_k + x) = ${tex(cell.taylor)} + O(h^{${K + 1}}).$$`,
    '',
    `## 4. The cell polynomial as a linear functional of the Taylor data`,
    '',
    `Every stencil point of $c_{k-i}$ is $t_k + (\\tfrac{${m + 1}}{2} - i + o)h$, $|o| \\le ${cell.stencil.halfWidth}$, so $c_{k-i} = \\sum_n f_n h^n \\mu_{i,n} + O(h^{${K + 1}})$ with $\\mu_{i,n} = \\sum_o w_{|o|} (\\tfrac{${m + 1}}{2} - i + o)^n / n!$, and`,
    '',
    `$$p(t_k + x) = \\sum_{n=0}^{${K}} f_n\\, h^n\\, P_n(x/h), \\qquad P_n(s) = \\sum_{i=0}^{${m}} \\mu_{i,n}\\, \\beta_i(s),$$`,
    '',
    `rational polynomials that do not depend on $k$. Exactly: $P_n(s) = s^n/n!$ for $n = 0, \\dots, ${m}$ (the scheme reproduces every polynomial of degree $\\le ${m}$), and`,
    '',
    `$$P_{${m + 1}}(s) = ${polynomialTex(cell.cellMatrix[m + 1])}, \\qquad P_{${m + 2}}(s) = ${polynomialTex(cell.cellMatrix[m + 2])}.$$`,
    '',
    `In the monomial form $p(x) = \\sum_j a_j x^j$, $a_j = \\sum_n f_n h^{n-j} [s^j] P_n$:`,
    '',
    ...cell.coefficients.map((a, j) => `- $a_{${j}} = ${tex(a)}$`),
    '',
  ];
}

function residualSection(cell: QuasiInterpolantCell): string[] {
  const m = cell.construction.degree;
  const k = m + 1;
  return [
    `## 5. The residual and its leading term`,
    '',
    '$$\\tau(x) = f(t_k + x) - p(x) = ' + tex(cell.residual) + ` + O(h^{${cell.taylorHighest + 1}}).$$`,
    '',
    `Grouping by order in $h$ (scale $x$ and $h$ together): the parts of order $h^0, \\dots, h^{${m}}$ vanish (reproduction). What remains is`,
    '',
    `$$\\tau(x) = ${tex(cell.leadingTerm)} + O(h^{${k + 1}}) = f_{${k}}\\, ${cell.leadingFactorisation.latex} + O(h^{${k + 1}}),$$`,
    '',
    `which is exactly $f_{${k}}\\, h^{${k}}\\, B_{${k}}(x/h)/${k}!$ with the Bernoulli polynomial $B_{${k}}(s) = ${polynomialTex(cell.bernoulliPolynomial.map((c) => c.mul(rational(factorialOf(k)))))}$: the error of the best $L^2$ approximation from this space (below).`,
    '',
  ];
}

function factorialOf(n: number): bigint {
  let p = 1n;
  for (let i = 2; i <= n; i++) p *= BigInt(i);
  return p;
}

function constantSection(cell: QuasiInterpolantCell, rmseConstant: RmseConstant): string[] {
  const m = cell.construction.degree;
  const k = m + 1;
  const fk = `f_{${k}}`;
  const st = cell.stencil;
  return [
    `## 6. The integral of $\\tau^2$ over the cell`,
    '',
    `$$\\int_0^h \\tau(x)^2\\,dx = ${tex(cell.integral)} + O(h^{${2 * k + 2}}).$$`,
    '',
    `## 7. The RMSE constant`,
    '',
    `On one interior cell the RMS of the residual is`,
    '',
    `$$\\sqrt{\\frac{1}{h}\\int_0^h \\tau^2\\,dx} = \\sqrt{${tex(`(${cell.constantSquared.toFraction()})*h^${2 * k}`)}\\,${fk}^2} = C\\,|${fk}|\\,h^{${k}}, \\qquad C = ${rmseConstant.latex}${equivalentTex(rmseConstant)} \\approx ${rmseConstant.value.toPrecision(10)}.$$`,
    '',
    `**Closed form.** $C^2 = \\int_0^1 (B_{${k}}(s)/${k}!)^2\\,ds = |B_{${2 * k}}|/(${2 * k})!$ with the Bernoulli number $B_{${2 * k}} = ${fractionTex(cell.bernoulliNumber)}$ (checked exactly). For every degree: the Fourier coefficients of $B_n$ on $[0, 1]$ are $-n!/(2\\pi i l)^n$, $l \\ne 0$ (e.g. Mathlib, \`NumberTheory.ZetaValues\`), so by Parseval $\\int_0^1 (B_n/n!)^2 = \\sum_{l \\ne 0} (2\\pi l)^{-2n} = 2\\zeta(2n)/(2\\pi)^{2n} = |B_{2n}|/(2n)!$ (Euler's $\\zeta(2n)$).`,
    '',
    `**Optimality.** For the orthogonal projection $P$ onto the splines of degree $r-1$ on uniform knots, $P(x^r) - x^r$ is the Bernoulli polynomial (Sweldens and Piessens, as quoted by M. Beśka and K. Dziedziul, *Box-splines orthogonal projections*, arXiv:1812.01700): with $r = ${k}$ the best $L^2$ approximation from this space has the same leading residual, so $C$ is the smallest asymptotic constant any scheme in $S_{${m}}^{${m - 1}}$ can have. A narrower stencil that only reproduces degree ${m} ${m % 2 === 1 ? 'has a larger constant (its residual has a nonzero mean on the cell)' : 'keeps a mean term of order $h^{' + (k + 1) + '}$'}; the ${2 * st.halfWidth + 1}-point stencil matches the symbol through $z^{${2 * st.halfWidth + 1}}$, which removes it and the next mean terms and shortens the pre-asymptotic range (README, "How the claims are derived").`,
    '',
    `**Next order.** With $E = B_{${k}}(s)/${k}!$ and $E_2(s) = s^{${k + 1}}/${k + 1}! - P_{${k + 1}}(s)$ (the $h^{${k + 1}} f_{${k + 1}}$ part of $\\tau$), $\\int_0^1 E\\,E_2\\,ds = ${fractionTex(cell.correctionInnerProduct)} = C^2/2$ exactly, so the cell mean square is $C^2 h^{${2 * k}} (f_{${k}} + \\tfrac{h}{2} f_{${k + 1}})^2 + O(h^{${2 * k + 2}}) = C^2 h^{${2 * k}} f^{(${k})}(t_k + h/2)^2 (1 + O(h^2))$: on interior cells the first correction is relative order $h^2$.`,
    '',
    ...domainMeanSquareLines(k),
    `## 8. Boundary cells`,
    '',
    `The ${2 * (st.firstInterior + m)} cells whose polynomials use an end coefficient (${st.firstInterior + m} at each end) are not interior cells. The end fit has full column rank (checked exactly), and for $f$ a polynomial of degree $\\le ${m}$ the interior coefficients are exact (section 4) and the exact B-spline coefficients leave a zero residual, so the fit returns them: $Q$ reproduces every polynomial of degree $\\le ${m}$ on the boundary cells too. Its functionals are bounded independently of $h$, so each boundary cell carries an error $O(h^{${k}})$, and ${2 * (st.firstInterior + m)} such cells add $O(h \\cdot h^{${2 * k}})$ to the mean square: relative order $h$, which leaves $C$ unchanged.`,
    '',
  ];
}

export function renderQuasiInterpolantProof(inputs: QuasiInterpolantProofInputs): string {
  const { unit, family, cell, rmseConstant } = inputs;
  const m = cell.construction.degree;
  return [
    ...resultLines(unit, cell.construction.title, m, m - 1, rmseConstant),
    ...unitSection(unit, family),
    ...constructionSection(unit, family, cell),
    ...cellSection(cell),
    ...residualSection(cell),
    ...constantSection(cell, rmseConstant),
    ...checksLines(rmseConstant, cell.checks),
  ].join('\n');
}
