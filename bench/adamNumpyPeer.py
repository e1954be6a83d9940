#!/usr/bin/env python3
"""Peer for bench/adamBench.mjs: full-batch Adam in numpy float32 doing the arithmetic of
src/train/adamTrainer.ts (TF.js tf.train.adam on tf.losses.meanSquaredError) epoch for epoch, from the
same start on the same data. Reads one JSON problem from the file named by argv[1] (unit 'mlp' or 'glu',
n, xs, ys, start parameters G, g, [U, u,] D, d, epochs, learningRate, finalLearningRate), prints one JSON
line: seconds of the training loop alone (not start-up or JSON), the trained float32 parameters and the
float32 loss of the last epoch. BLAS threads are pinned to 1 by the caller's environment
(OMP/OPENBLAS/MKL_NUM_THREADS=1) so both sides use one core.

Network (shapes as the TF.js variables: x, y (N, 1); G, g, U, u (1, n); D (n, 1); d scalar):
  mlp: f = relu(x G + g) D + d          glu: f = (relu(x G + g) * (x U + u)) D + d
Loss: mean((f - y)^2) over the N points, so df = 2 (f - y) / N; the gradient is the analytic chain rule
(relu' = 1 where its argument is > 0, else 0, as TF.js's step). Adam as TF.js's AdamOptimizer:
beta1 0.9, beta2 0.999, epsilon 1e-7 (the wasm/cpu backend's epsilon), bias correction by the float32
running products beta^t, p <- p - lr_e m_hat / (sqrt(v_hat) + epsilon), with
lr_e = lr_0 (lr_end / lr_0)^(e / (E - 1)) set before epoch e."""
import json
import sys
import time

import numpy as np

F = np.float32
problem = json.load(open(sys.argv[1], encoding="utf8"))
unit = problem["unit"]
if unit not in ("mlp", "glu"):
    raise SystemExit(f"unit {unit!r}: this peer implements mlp and glu only")
n = problem["n"]
x = np.asarray(problem["xs"], dtype=F).reshape(-1, 1)
y = np.asarray(problem["ys"], dtype=F).reshape(-1, 1)
N = x.shape[0]
names = ["G", "g", "U", "u", "D"] if unit == "glu" else ["G", "g", "D"]
params = {name: np.asarray(problem["start"][name], dtype=F).reshape((n, 1) if name == "D" else (1, n)) for name in names}
params["d"] = np.asarray(problem["start"]["d"], dtype=F)
epochs = problem["epochs"]
lr0 = problem["learningRate"]
ratio = problem["finalLearningRate"] / lr0
beta1, beta2, epsilon = F(0.9), F(0.999), F(1e-7)
one_minus_beta1, one_minus_beta2 = F(1 - 0.9), F(1 - 0.999)
m = {name: np.zeros_like(p) for name, p in params.items()}
v = {name: np.zeros_like(p) for name, p in params.items()}
acc_beta1, acc_beta2 = F(0.9), F(0.999)
xt = x.T
two_over_n = F(2 / N)


# Preallocated (N, n) work arrays, written in place (out=): a fresh 2.5 MB temporary per operation costs
# more than the arithmetic (measured here: x * G + g with temporaries 6.2 ms, in place 0.7 ms at n = 64), so
# a peer written with temporaries would flatter the tool. Column sums and x^T M are BLAS sgemv calls.
zg = np.empty((N, n), dtype=F)
h = np.empty((N, n), dtype=F)
zu = np.empty((N, n), dtype=F) if unit == "glu" else None
value = np.empty((N, n), dtype=F) if unit == "glu" else h
dvalue = np.empty((N, n), dtype=F)
dzu = np.empty((N, n), dtype=F) if unit == "glu" else None
active = np.empty((N, n), dtype=bool)
ones = np.ones((1, N), dtype=F)


def loss_and_gradients():
    G, g, D, d = params["G"], params["g"], params["D"], params["d"]
    np.multiply(x, G, out=zg)  # x G: an (N, 1) x (1, n) product, one multiplication per entry
    np.add(zg, g, out=zg)
    np.maximum(zg, F(0), out=h)
    if unit == "glu":
        np.multiply(x, params["U"], out=zu)
        np.add(zu, params["u"], out=zu)
        np.multiply(h, zu, out=value)
    r = value @ D + d - y  # (N, 1)
    loss = np.mean(r * r)
    df = r * two_over_n
    grads = {"D": value.T @ df, "d": df.sum()}
    np.multiply(df, D.T, out=dvalue)  # df D^T
    if unit == "glu":
        np.multiply(dvalue, h, out=dzu)
        grads["U"] = xt @ dzu
        grads["u"] = ones @ dzu
        np.multiply(dvalue, zu, out=dvalue)
    np.greater(zg, F(0), out=active)
    np.multiply(dvalue, active, out=dvalue)
    grads["G"] = xt @ dvalue
    grads["g"] = ones @ dvalue
    return loss, grads


start = time.perf_counter()
loss = F(np.nan)
for epoch in range(epochs):
    lr = F(lr0 * ratio ** (epoch / (epochs - 1) if epochs > 1 else 0))
    loss, grads = loss_and_gradients()
    one_minus_acc1, one_minus_acc2 = F(1) - acc_beta1, F(1) - acc_beta2
    for name, gradient in grads.items():
        m[name] = m[name] * beta1 + gradient * one_minus_beta1
        v[name] = v[name] * beta2 + (gradient * gradient) * one_minus_beta2
        step = (m[name] / one_minus_acc1) / (np.sqrt(v[name] / one_minus_acc2) + epsilon)
        params[name] = step * -lr + params[name]
    acc_beta1 = acc_beta1 * beta1
    acc_beta2 = acc_beta2 * beta2
seconds = time.perf_counter() - start
assert all(p.dtype == F for p in params.values()), "the peer must stay in float32"
print(
    json.dumps(
        {
            "seconds": seconds,
            "finalLoss": float(loss),
            "params": {name: np.asarray(p, dtype=np.float64).ravel().tolist() for name, p in params.items()},
        }
    )
)
