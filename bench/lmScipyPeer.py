#!/usr/bin/env python3
"""Peer for bench/lmBench.mjs: scipy.optimize.least_squares (method 'trf', analytic Jacobian, x_scale 1)
on the same GLU network, data and start. Reads one JSON problem on stdin (maxEvaluations: trf's max_nfev, the evaluations ours used), prints one JSON line: seconds of
the least_squares call alone (not start-up), final train RMSE, evaluations. BLAS threads are pinned to 1 by
the caller's environment (OMP/OPENBLAS/MKL_NUM_THREADS=1) so both sides use one core.

GLU network: y(x) = sum_i D_i relu(G_i x + g_i) (U_i x + u_i) + d; parameters ordered [G, g, U, u, D, d]."""
import json
import sys
import time

import numpy as np
from scipy.optimize import least_squares

problem = json.load(sys.stdin)
xs = np.asarray(problem["xs"], dtype=np.float64)
ys = np.asarray(problem["ys"], dtype=np.float64)
n = problem["n"]
theta0 = np.asarray(problem["theta"], dtype=np.float64)
max_nfev = problem.get("maxEvaluations")


def split(theta):
    return theta[0:n], theta[n:2 * n], theta[2 * n:3 * n], theta[3 * n:4 * n], theta[4 * n:5 * n], theta[5 * n]


def residual(theta):
    G, g, U, u, D, d = split(theta)
    a = np.outer(xs, G) + g
    v = np.outer(xs, U) + u
    return np.maximum(a, 0) * v @ D + d - ys


def jacobian(theta):
    G, g, U, u, D, d = split(theta)
    a = np.outer(xs, G) + g
    v = np.outer(xs, U) + u
    h = np.maximum(a, 0)
    active = (a > 0).astype(np.float64)
    J = np.empty((xs.size, 5 * n + 1))
    dg = active * v * D
    du = h * D
    J[:, 0:n] = dg * xs[:, None]
    J[:, n:2 * n] = dg
    J[:, 2 * n:3 * n] = du * xs[:, None]
    J[:, 3 * n:4 * n] = du
    J[:, 4 * n:5 * n] = h * v
    J[:, 5 * n] = 1.0
    return J


start = time.perf_counter()
fit = least_squares(residual, theta0, jac=jacobian, method="trf", x_scale=1.0, max_nfev=max_nfev)
seconds = time.perf_counter() - start
rmse = float(np.sqrt(np.mean(fit.fun ** 2)))
print(json.dumps({"seconds": seconds, "rmse": rmse, "nfev": int(fit.nfev), "njev": int(fit.njev or 0), "status": int(fit.status)}))
