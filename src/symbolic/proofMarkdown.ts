/**
 * The Markdown (with LaTeX) text of a unit's proof. Pure rendering: every expression it prints
 * comes from cellDerivation / cellLemmas, which have already checked it.
 */
import type { UnitForm } from '../core/unitForm.js';
import type { CellDerivation, CheckRecord } from './cellDerivation.js';
import type { Fraction } from './exactCheck.js';
import type { LemmaResult } from './cellLemmas.js';
import type { IncrementAnalysis } from './incrementFamily.js';
import type { RmseConstant } from './rmseConstant.js';
import { polynomialFromExpression, renderLatex } from './sparsePolynomial.js';

export interface ProofInputs {
  readonly unit: UnitForm;
  readonly family: IncrementAnalysis;
  readonly cell: CellDerivation;
  readonly lemma: LemmaResult | null;
  readonly rmseConstant: RmseConstant;
}

// f_0..f_(m+2) with m <= MAX_ACTIVE_DEGREE
const F_NAMES: Record<string, string> = Object.fromEntries(Array.from({ length: 16 }, (_, k) => [`f${k}`, `f_{${k}}`]));

export function tex(expression: string): string {
  return renderLatex(polynomialFromExpression(expression), { order: ['x', 'h'], names: F_NAMES });
}

export function derivativeTex(k: number, argument: string): string {
  return k <= 3 ? `f${"'".repeat(k)}(${argument})` : `f^{(${k})}(${argument})`;
}

export function affine(letter: string, variable = 'x'): string {
  return `${letter.toUpperCase()}${variable} + ${letter}`;
}

function powerTex(base: string, k: number): string {
  return k === 1 ? base : `${base}^{${k}}`;
}

function activeSideTex(unit: UnitForm): string {
  const gate = powerTex(`(${affine(unit.gate.map)})`, unit.gate.power);
  const factors = unit.factors.map((f) => powerTex(`(${affine(f.map)})`, f.power));
  return `D\\,${[gate, ...factors].join('')}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function unitSection(unit: UnitForm, family: IncrementAnalysis): string[] {
  const best = family.best;
  const m = best.degree;
  const r = best.continuity;
  const G = unit.gate.map.toUpperCase();
  const g = unit.gate.map;
  const increment = best.freeMap
    ? `D\\,(x - t)^{${best.knotPower}}\\,(${affine(best.freeMap)})`
    : `D\\,(x - t)^{${best.knotPower}}`;
  const lines = [
    '## 1. The unit and the spline space it spans',
    '',
    `One neuron is \`${unit.expression}\`. Its gate argument is $z = ${affine(g)}$ with knot $t = -${g}/${G}$; on the active side ($z > 0$) it is the polynomial`,
    '',
    `$$${activeSideTex(unit)},$$`,
    '',
    `and it is identically zero on the other side. Between consecutive knots a network of such neurons is one polynomial; crossing a knot adds that neuron's *increment*, which vanishes to order ${unit.gate.power} at the knot.`,
    '',
  ];
  if (best.ties.length > 0 || best.constants.length > 0) {
    lines.push(`Specialise the parameters: ${[...best.ties, ...best.constants].map((s) => `$${s}$`).join(', ')}.`);
    if (best.ties.length > 0) {
      lines.push(
        `A tied factor equals the gate argument $z$, and $\\mathrm{relu}(z)\\,z = \\mathrm{relu}(z)^2$ on the whole line (both sides vanish where $z \\le 0$), so each tie adds one more power of the gate: the neuron becomes $D\\,\\mathrm{relu}(z)^{${best.knotPower}}${best.freeMap ? `\\,(${affine(best.freeMap)})` : ''}$ everywhere, not only on the active side.`,
      );
    }
    if (best.constants.length > 0) lines.push('A factor set to the constant 1 drops out.');
    lines.push('');
  }
  lines.push(
    `With $${G} = 1$ (any positive scale can be moved into $D$) the increments are then exactly`,
    '',
    `$$${increment}${best.freeMap ? `, \\qquad \\text{i.e. every } (x - t)^{${best.knotPower}}\\,P(x) \\text{ with } \\deg P \\le ${m - r - 1},` : ', \\qquad D \\in \\mathbb{R},'}$$`,
    '',
    `a linear space, and a network with knots $t_1 < t_2 < \\dots$ spans the splines of degree $m = ${m}$ with $C^{${r}}$ continuity at the knots ($S_{${m}}^{${r}}$). Standard spline theory gives order $m + 1 = ${m + 1}$: the error falls like $h^{${m + 1}}$, i.e. like $n^{-${m + 1}}$ in 1-D.`,
    '',
  );
  if (!family.isLinearSpace) {
    lines.push(
      `**Without the specialisation the increment set is not a linear space.** ${capitalise(family.nonLinearWitness ?? '')}. So the best spline of $S_{${m}}^{${r}}$ need not be reachable from every parameter direction of the full unit; the construction below uses only the specialised form, which is enough for order ${m + 1}.`,
      '',
    );
  }
  return lines;
}

function constructionSection(unit: UnitForm, inputs: ProofInputs): string[] {
  const { family, cell } = inputs;
  const best = family.best;
  const m = best.degree;
  const r = best.continuity;
  const head = cell.construction.headNeurons;
  const G = unit.gate.map.toUpperCase();
  const g = unit.gate.map;
  const settings = [`${G}_i = 1`, `${g}_i = -t_i`];
  for (const [map, role] of Object.entries(best.roles)) {
    if (role === 'tie') settings.push(`${map.toUpperCase()}_i = ${G}_i`, `${map}_i = ${g}_i`);
    if (role === 'const') settings.push(`${map.toUpperCase()}_i = 0`, `${map}_i = 1`);
  }
  const free = best.freeMap;
  const parameterMap = free
    ? `$D_i = 1$, $${free.toUpperCase()}_i = \\beta_i$, $${free}_i = \\alpha_i - \\beta_i t_i$ (then $D_i(${free.toUpperCase()}_i X + ${free}_i) = \\alpha_i + \\beta_i (X - t_i)$)`
    : `$D_i = \\alpha_i$`;
  return [
    `## 2. The construction: ${cell.construction.title}`,
    '',
    `Knots $t_i = t_0 + i h$ on the domain, cell $i$ = $[t_i, t_{i+1}]$, local coordinate $x = X - t_i \\in [0, h]$. Every neuron faces right: $${settings.join('$, $')}$, so neuron $i$ is active exactly to the right of $t_i$.`,
    '',
    cell.construction.description,
    '',
    `- **Head (first cell).** The first cell's full polynomial $p_0$ of degree ${m} comes from the output bias $d$ plus ${head} neuron${head > 1 ? 's' : ''} with knots at or left of the domain's left end $t_0$, active on the whole domain (the construct verb puts them at $t_0, t_0 - L, t_0 - 2L$ with $L$ the domain's length: spaced $O(L)$ apart their coefficients stay $O(1)$, while at $t_0 - h, t_0 - 2h$ they grow like $h^{-${r + 1}}$ and float64 cancellation costs accuracy): $d$ and their increments $(X - s_k)^{${r + 1}} q_k(X)$ span all polynomials of degree $\\le ${m}$, so $p_0$ is matched by one small exact solve. $p_0$ satisfies the cell conditions below with the left-end data taken from the target${cell.construction.lemma === 'slopeRecurrence' ? " (slope $s_0 = f'(t_0) - h^2 f'''(t_0)/12$)" : cell.construction.lemma === 'momentEquations' ? " (moment $M_0 = f''(t_0) - h^2 f''''(t_0)/12$)" : ''}.`,
    `- **Increments (cells 1, 2, ...).** The increment at $t_i$ is $\\Delta_i(x) = p_i(x) - p_{i-1}(x + h)$. The inherited conditions make it vanish to order ${r + 1} at $x = 0$, so $\\Delta_i(x) = x^{${r + 1}}${free ? '(\\alpha_i + \\beta_i x)' : '\\,\\alpha_i'}$, and the neuron's parameters are ${parameterMap}.`,
    `- **Count.** With $N$ cells the network has ${head} head neuron${head > 1 ? 's' : ''} and one neuron at each interior knot $t_1, \\dots, t_{N-1}$: $n = N + ${head - 1}$ neurons.`,
    '',
  ];
}

function lemmaSection(lemma: LemmaResult): string[] {
  const orderTex = (k: number) => tex(lemma.defectOrders[k]);
  if (lemma.kind === 'slopeRecurrence') {
    return [
      '## 3. Lemma: the slope recurrence keeps the smooth mode',
      '',
      "Value and slope are inherited at each knot and the value is matched at the right knot, so $p_i(x) = f(t_i) + s_i x + c_i x^2$ with $c_i = (f(t_{i+1}) - f(t_i) - s_i h)/h^2$ and the next slope is $s_{i+1} = p_i'(h) = 2 (f(t_{i+1}) - f(t_i))/h - s_i$. Let $\\sigma(t) = f'(t) - h^2 f'''(t)/12$. With Taylor coefficients $f_k = f^{(k)}(t_i)$ through $f_5$, the defect",
      '',
      '$$\\delta = \\frac{2\\,(f(t_i + h) - f(t_i))}{h} - \\sigma(t_i) - \\sigma(t_i + h) = ' +
        tex(lemma.defect) +
        ' + \\dots$$',
      '',
      `has no terms of order $h^0$ to $h^3$; the first is $${orderTex(lemma.defectOrder)}\\,h^{${lemma.defectOrder}}$. So if $s_i = \\sigma(t_i) + e_i$ then $s_{i+1} = \\sigma(t_{i+1}) - e_i + O(h^4)$: the error $e_i$ changes sign each step and grows by at most $O(h^4)$ per step, so over the $N = O(1/h)$ cells, started from $e_0 = 0$, $|e_i| = O(h^3)$. On a cell, $e_i x = O(h^4)$, beyond the order $h^3$ of the leading residual. Hence the slope at the left knot is $f_1 - h^2 f_3/12 + O(h^3)$, the condition used below.`,
      '',
    ];
  }
  return [
    '## 3. Lemma: the smooth moments satisfy the spline equations',
    '',
    "A $C^2$ cubic spline with knot values $f(t_i)$ and moments $M_i = p''(t_i)$ satisfies $M_{i-1} + 4 M_i + M_{i+1} = 6\\,(f(t_{i-1}) - 2 f(t_i) + f(t_{i+1}))/h^2$ at every interior knot. Let $\\mu(t) = f''(t) - h^2 f''''(t)/12$. With Taylor coefficients $f_k = f^{(k)}(t_i)$ through $f_7$, the defect",
    '',
    '$$\\delta = \\mu(t_i - h) + 4\\mu(t_i) + \\mu(t_i + h) - \\frac{6\\,(f(t_i - h) - 2 f(t_i) + f(t_i + h))}{h^2} = ' +
      tex(lemma.defect) +
      ' + \\dots$$',
    '',
    `has no terms of order $h^0$ to $h^3$; the first is $${orderTex(lemma.defectOrder)}\\,h^{${lemma.defectOrder}}$. The construction solves the tridiagonal system with the end moments $M_0 = \\mu(t_0)$, $M_N = \\mu(t_N)$; its matrix is strictly diagonally dominant with $\\|A^{-1}\\|_\\infty \\le 1/2$, so the solved moments differ from $\\mu(t_i)$ by $O(h^4)$. On a cell that changes $p$ by $O(h^4 \\cdot h^2)$, beyond the order $h^4$ of the leading residual. Hence the moments used below are $M_i = f''(t_i) - h^2 f''''(t_i)/12$.`,
    '',
  ];
}

function scaledRowTex(row: readonly Fraction[]): string {
  const terms = row
    .map((v, j) => (v.equals(0) ? '' : `${v.equals(1) ? '' : `${v.toFraction()}\\,`}b_${j}`))
    .filter((t) => t !== '');
  return terms.join(' + ');
}

function conditionTex(derivative: number, at: 0 | 1): string {
  const p = derivative === 0 ? 'p' : derivative <= 3 ? `p${"'".repeat(derivative)}` : `p^{(${derivative})}`;
  return `${p}(${at === 0 ? '0' : 'h'})`;
}

/** C^2 = p/q with p > 1: " = 1/\\sqrt{q/p}", else "". */
export function equivalentTex(rmseConstant: RmseConstant): string {
  return rmseConstant.squared.startsWith('1/')
    ? ''
    : ` = 1/\\sqrt{${rmseConstant.squared.split('/')[1]}/${rmseConstant.squared.split('/')[0]}}`;
}

/** Title, provenance line and the result (order and constant). */
export function resultLines(unit: UnitForm, title: string, m: number, r: number, rmseConstant: RmseConstant): string[] {
  const k = m + 1;
  return [
    `# Approximation order of \`${unit.name}\` (\`${unit.expression}\`)`,
    '',
    '*Generated by `approx-order prove`; every identity below was produced by computer algebra (nerdamer) and re-checked independently in exact rational arithmetic before it was printed (list at the end).*',
    '',
    '**Result.** The explicit construction of section 2 (' +
      title +
      `, degree $m = ${m}$, $C^{${r}}$ knots, knot spacing $h$) approximates a smooth target $f$ with`,
    '',
    `$$\\mathrm{RMSE} = C\\, h^{${k}}\\, \\mathrm{RMS}\\big(${derivativeTex(k, 'x').replace('(x)', '')}\\big) + O(h^{${k + 1}}), \\qquad C = ${rmseConstant.latex}${equivalentTex(rmseConstant)} \\approx ${rmseConstant.value.toPrecision(10)},$$`,
    '',
    `so the order of approximation is ${k} and the RMSE falls like $n^{-${k}}$ with $n$ neurons in 1-D (slope $-${k}$ on a log-log plot against $n$ or $P$).`,
    '',
  ];
}

/** From the cell mean square C^2 f_k^2 h^(2k) to the domain's RMSE (a Riemann sum), k = m + 1. */
export function domainMeanSquareLines(k: number): string[] {
  const fk = `f_{${k}}`;
  return [
    `Over a domain $\\Omega$ of $N$ cells, $|\\Omega| = N h$, the mean square is the average of the cell mean squares, a Riemann sum:`,
    '',
    `$$\\mathrm{RMSE}^2 = \\frac{1}{|\\Omega|}\\sum_i C^2\\, ${derivativeTex(k, 't_i')}^2\\, h^{${2 * k + 1}} + O(h^{${2 * k + 1}}) = C^2 h^{${2 * k}}\\,\\frac{1}{|\\Omega|}\\int_\\Omega ${derivativeTex(k, 't')}^2\\,dt + O(h^{${2 * k + 1}}),$$`,
    '',
    `so $\\mathrm{RMSE} = C\\,h^{${k}}\\,\\mathrm{RMS}_\\Omega(f^{(${k})}) + O(h^{${k + 1}})$: the RMS of the derivative replaces $|${fk}|$, which predicts the prefactor as well as the exponent (with $h = |\\Omega|/N$: $\\mathrm{RMSE} \\approx C\\,|\\Omega|^{${k}}\\,\\mathrm{RMS}(f^{(${k})})\\,N^{-${k}}$, and $N$ differs from the neuron count $n$ by the fixed number of head neurons). This needs $\\mathrm{RMS}_\\Omega(f^{(${k})}) > 0$; otherwise the error is of higher order.`,
    '',
  ];
}

/** The closing table of every independently checked step. */
export function checksLines(rmseConstant: RmseConstant, checks: readonly CheckRecord[]): string[] {
  return [
    '## Checks',
    '',
    `Each step was re-evaluated independently of the computer algebra, in exact rational arithmetic (mathjs Fraction) at seeded random rational points; a mismatch aborts the proof (exit code 3). The float64 value of $C$ is checked against $C^2 = ${rmseConstant.squared}$ to within 4 machine epsilons.`,
    '',
    '| step | how |',
    '|---|---|',
    ...checks.map((c) => `| ${c.step} | ${c.how} |`),
    '',
  ];
}

export function renderProofMarkdown(inputs: ProofInputs): string {
  const { unit, family, cell, lemma, rmseConstant } = inputs;
  const m = cell.construction.degree;
  const r = cell.construction.continuity;
  const k = m + 1;
  const fk = `f_{${k}}`;
  let section = lemma ? 4 : 3;
  const next = () => section++;
  const equivalent = equivalentTex(rmseConstant);
  const lines: string[] = [
    ...resultLines(unit, cell.construction.title, m, r, rmseConstant),
    ...unitSection(unit, family),
    ...constructionSection(unit, inputs),
    ...(lemma ? lemmaSection(lemma) : []),
  ];
  lines.push(
    `## ${next()}. Taylor expansion on one cell`,
    '',
    `On cell $[t_i, t_i + h]$ with local coordinate $x \\in [0, h]$ and $f_j = f^{(j)}(t_i)$,`,
    '',
    `$$f(t_i + x) = ${tex(cell.taylor)} + O(h^{${cell.taylorHighest + 1}}).$$`,
    '',
    `Since $x = O(h)$, a term $f_j x^a h^b$ with $a + b = j$ is of order $h^j$. The cell polynomial is $p(x) = ${Array.from({ length: m + 1 }, (_, j) => (j === 0 ? 'a_0' : j === 1 ? 'a_1 x' : `a_${j} x^{${j}}`)).join(' + ')}$.`,
    '',
    `## ${next()}. Conditions imposed on the cell polynomial`,
    '',
    '| condition | value (Taylor expansion) | why |',
    '|---|---|---|',
    ...cell.conditions.map((c) => `| $${conditionTex(c.derivative, c.at)}$ | $${tex(c.value)}$ | ${c.reason} |`),
    '',
    `## ${next()}. Solved parameters`,
    '',
    `Writing $a_j = b_j / h^j$ and multiplying the condition on $p^{(k)}$ by $h^k$ turns the conditions into a linear system with a rational matrix, solved exactly (Gauss-Jordan over the rationals, not a floating-point or CAS solver):`,
    '',
    `$$\\begin{aligned}${cell.conditions.map((c, i) => `${scaledRowTex(cell.scaledMatrix[i])} &= ${c.derivative === 0 ? '' : c.derivative === 1 ? 'h\\,' : `h^{${c.derivative}}\\,`}${conditionTex(c.derivative, c.at)}`).join(' \\\\ ')}\\end{aligned}$$`,
    '',
    'The solution, to the order kept:',
    '',
    ...cell.coefficients.map((a, j) => `- $a_${j} = ${tex(a)}$`),
    '',
    'The cell polynomial then fixes the neuron parameters through the increment $\\Delta_i$ of section 2.',
    '',
    `## ${next()}. The residual and its leading term`,
    '',
    '$$\\tau(x) = f(t_i + x) - p(x) = ' + tex(cell.residual) + ` + O(h^{${cell.taylorHighest + 1}}).$$`,
    '',
    `Grouping by order in $h$ (scale $x$ and $h$ together): the parts of order $h^0, \\dots, h^{${m}}$ are ${Array.from({ length: m + 1 }, (_, j) => `$${cell.residualOrders[j] === '0' ? '0' : tex(cell.residualOrders[j])}$`).join(', ')} - they cancel, as they must: the construction reproduces every polynomial of degree $\\le ${m}$ exactly, and the part of order $h^j$ is the $f_j$ part. What remains is`,
    '',
    `$$\\tau(x) = ${tex(cell.leadingTerm)} + O(h^{${k + 1}}) = ${fk}\\, ${cell.leadingFactorisation.latex} + O(h^{${k + 1}}).$$`,
    '',
    `## ${next()}. The integral of $\\tau^2$ over the cell`,
    '',
    `Expanding the square before integrating:`,
    '',
    `$$\\int_0^h \\tau(x)^2\\,dx = ${tex(cell.integral)} + O(h^{${2 * k + 2}}).$$`,
    '',
    `## ${next()}. The RMSE constant`,
    '',
    `On one cell the RMS of the residual is`,
    '',
    `$$\\sqrt{\\frac{1}{h}\\int_0^h \\tau^2\\,dx} = \\sqrt{${tex(`(${cell.constantSquared.toFraction()})*h^${2 * k}`)}\\,${fk}^2} = C\\,|${fk}|\\,h^{${k}}, \\qquad C = ${rmseConstant.latex}${equivalent} \\approx ${rmseConstant.value.toPrecision(10)}.$$`,
    '',
    ...domainMeanSquareLines(k),
    ...checksLines(rmseConstant, [...(lemma?.checks ?? []), ...cell.checks]),
  );
  return lines.join('\n');
}
