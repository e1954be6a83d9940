#!/usr/bin/env python3
"""The live peers of `npm run bench` (bench/lsqSweepBench.mjs): the frozen-gate lsq grid solved by
numpy and scipy on the same training points, knots and 20001-point test grid as the tool.

  python3 bench/peers.py lstsq        X.f64 WIDTHS TARGET   dense design, numpy.linalg.lstsq (LAPACK gelsd)
  python3 bench/peers.py lsq_spline   X.f64 WIDTHS TARGET   scipy.interpolate.make_lsq_spline (banded)

X.f64: the training abscissae as raw little-endian float64 (written by the bench from the tool's own
data generator, so both sides fit the same points); WIDTHS: comma-separated; TARGET: the paper's
target "1/(1+cos(pi*x)^2)" or the speedrun's "1/(1+9*x^2)" (vectorised here).
Units (name:a:s): the network's gate relu(G(x - t))^a times a free polynomial of degree s, plus a
constant, knots linspace(-1.001, 1.001, n) and directions +1, -1, ... (README "How it measures").
mlp 1:0, glu 1:1, gqu 2:1 (its tie U = G, u = g makes the gate relu^2). The same space as a spline:
degree a + s, continuity C^(a-1) at each knot inside (-1, 1), so interior knots of multiplicity s + 1.
Prints one JSON object: {"seconds": fits and test RMSE only (after imports and reading X), "rmse": {"unit n": test RMSE}}.
"""
import json
import sys
import time

import numpy as np

UNITS = (("mlp", 1, 0), ("glu", 1, 1), ("gqu", 2, 1))
TARGETS = {
    "1/(1+cos(pi*x)^2)": lambda x: 1.0 / (1.0 + np.cos(np.pi * x) ** 2),
    "1/(1+9*x^2)": lambda x: 1.0 / (1.0 + 9.0 * x * x),
}


def gates(n):
    knots = np.linspace(-1.001, 1.001, n) if n > 1 else np.array([-1.001])
    return knots, np.array([1.0 if i % 2 == 0 else -1.0 for i in range(n)])


def design(x, n, a, s):
    knots, directions = gates(n)
    columns = []
    for t, g in zip(knots, directions):
        gate = np.maximum(g * (x - t), 0.0) ** a
        for j in range(s + 1):
            columns.append(gate * x**j)
    columns.append(np.ones_like(x))
    return np.column_stack(columns)


def lstsq_rmse(x, y, grid, f_grid, n, a, s):
    coef = np.linalg.lstsq(design(x, n, a, s), y, rcond=None)[0]
    return float(np.sqrt(np.mean((design(grid, n, a, s) @ coef - f_grid) ** 2)))


def lsq_spline_rmse(xs, ys, grid, f_grid, n, a, s):
    from scipy.interpolate import make_lsq_spline

    k = a + s
    knots, _ = gates(n)
    interior = np.repeat(knots[(knots > -1.0) & (knots < 1.0)], s + 1)
    t = np.concatenate([np.full(k + 1, -1.0), interior, np.full(k + 1, 1.0)])
    spline = make_lsq_spline(xs, ys, t, k=k)
    return float(np.sqrt(np.mean((spline(grid) - f_grid) ** 2)))


def main():
    method, path, widths, target = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    if method == "lsq_spline":
        import scipy.interpolate  # noqa: F401  (imported before the clock starts, as numpy is)
    x = np.fromfile(path, dtype="<f8")
    widths = [int(w) for w in widths.split(",")]
    start = time.perf_counter()
    f = TARGETS[target]
    y = f(x)
    grid = np.linspace(-1.0, 1.0, 20001)
    f_grid = f(grid)
    rmse = {}
    if method == "lstsq":
        for unit, a, s in UNITS:
            for n in widths:
                rmse[f"{unit} {n}"] = lstsq_rmse(x, y, grid, f_grid, n, a, s)
    else:
        order = np.argsort(x, kind="stable")
        xs, ys = x[order], y[order]
        for unit, a, s in UNITS:
            for n in widths:
                rmse[f"{unit} {n}"] = lsq_spline_rmse(xs, ys, grid, f_grid, n, a, s)
    json.dump({"seconds": time.perf_counter() - start, "rmse": rmse}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
