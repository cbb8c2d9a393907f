"""ARC's open challenge on the trained (16, 10) 2nd-argmax model: can an
estimate of its accuracy beat plain sampling at equal compute? One
attempt, kept with its (negative) result.

    python3 Benchmarks/gap_conditioning.py

Conditional sampling along the gap of the two largest inputs: for a
Gaussian sample x with top two at positions a, b, keep every other
coordinate and the mean of x_a and x_b, and draw K stratified values of
t = (x_a - x_b)/sqrt(2) from its conditional law (standard normal,
truncated to where a and b stay the top two). The mean correctness over
the K points is an unbiased estimate of the accuracy (tower property over
the partition by top-two pair). Efficiency = plain variance per model
evaluation / this variance per model evaluation; above 1 it would win.
"""
import math

import numpy as np
import torch
from scipy.stats import norm

state = torch.load("examples/models/trained_2nd_argmax_16_10.pth", map_location="cpu")
w_in = state["rnn.weight_ih_l0"].double().numpy()[:, 0]
w_hh = state["rnn.weight_hh_l0"].double().numpy()
w_out = state["linear.weight"].double().numpy()


def correct(x):
    h = np.zeros((x.shape[0], w_hh.shape[0]))
    for step in range(x.shape[1]):
        h = np.maximum(0, x[:, step:step + 1] * w_in[None, :] + h @ w_hh.T)
    return (h @ w_out.T).argmax(1) == np.argsort(x, 1)[:, -2]


rng = np.random.default_rng(1)
plain = correct(rng.standard_normal((400_000, 10)))
print(f"plain sampling: accuracy {plain.mean():.5f}, variance per evaluation {plain.var():.4f}")
count = 100_000
for k in (1, 2, 4, 8):
    x = rng.standard_normal((count, 10))
    order = np.argsort(x, 1)
    rows = np.arange(count)
    a, b = order[:, -1], order[:, -2]
    mean = (x[rows, a] + x[rows, b]) / 2
    reach = math.sqrt(2) * (mean - x[rows, order[:, -3]])
    low, high = norm.cdf(-reach), norm.cdf(reach)
    share = np.zeros(count)
    for stratum in range(k):
        t = norm.ppf(low + (stratum + rng.random(count)) / k * (high - low))
        z = x.copy()
        z[rows, a], z[rows, b] = mean + t / math.sqrt(2), mean - t / math.sqrt(2)
        share += correct(z)
    share /= k
    print(f"K = {k}: accuracy {share.mean():.5f}, efficiency at equal model evaluations {plain.var() / k / share.var():.2f}")
