/**
 * Neurons needed to write the first cell's full degree-m polynomial (the "head"): with the output
 * bias d, k neurons (x - s_i)^(r+1) q_i(x), deg q_i = m - r - 1, give 1 + k (m - r) coefficients,
 * and m + 1 are needed, so k = ceil(m / (m - r)). MLP, GLU: 1; relu2, GQU: 2; relu3: 3.
 */
export function headNeuronCount(degree: number, continuity: number): number {
  return Math.ceil(degree / (degree - continuity));
}
