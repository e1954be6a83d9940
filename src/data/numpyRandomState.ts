/**
 * numpy's legacy RandomState for an integer seed, bit for bit: the stream scikit-learn draws its
 * synthetic data sets from, so that the Friedman problems of the paper's Table 1 (arXiv 2602.14495,
 * generated with random_state 0) can be reproduced without Python.
 *
 * RandomState(int) seeds MT19937 with init_genrand (Matsumoto & Nishimura 1998), not init_by_array;
 * random_sample() is ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53 from two consecutive 32-bit outputs;
 * uniform(low, high, size) is low + (high - low) * random_sample(), filled in C (row-major) order.
 * Checked against numpy 2.4 (test/fixtures/numpy-random-state.py).
 *
 * Examples:  new NumpyRandomState(0).uniform(0, 1, 5)[0] === 0.5488135039273248
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** seed: an integer in [0, 2^32 - 1], as numpy accepts for RandomState(seed). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`RandomState seed must be an integer in [0, 2^32 - 1], got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const previous = mt[i - 1];
      mt[i] = (Math.imul(1812433253, previous ^ (previous >>> 30)) + i) >>> 0;
    }
  }

  /** The 624-word state (numpy's get_state()[1]). */
  key(): Uint32Array {
    return this.mt.slice();
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  /** The next tempered 32-bit output. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random_sample(): a double in [0, 1) with 53 random bits. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** uniform(low, high, size): `size` doubles in [low, high), C order. */
  uniform(low: number, high: number, size: number): Float64Array {
    const range = high - low;
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + range * this.randomSample();
    return out;
  }
}
