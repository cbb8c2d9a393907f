"""ARC's open challenge on the trained (16, 10) 2nd-argmax model, second
attempt: stratified sampling on the explanation "it errs when the top
gaps are small", against plain sampling at equal wall-clock time.

    python3 Benchmarks/gap_stratification.py [seconds]

The key is min(g1, g2), the smaller of the gaps between the three largest
inputs, each relative to max|x|. A pilot run (not counted in the
estimate) sets 20 strata at the key's quantiles and each stratum's
standard deviation; the strata's probabilities come from cheap samples
that only sort (no model evaluation); the model is then evaluated on
Neyman-allocated samples, drawn by rejection from the cheap stream. Both
methods get the same time budget; the efficiency is plain's variance over
the stratified estimate's (weights' uncertainty included). Above 1 it wins.
"""
import sys
import time

import numpy as np
import torch

state = torch.load("examples/models/trained_2nd_argmax_16_10.pth", map_location="cpu")
w_in = state["rnn.weight_ih_l0"].double().numpy()[:, 0]
w_hh = state["rnn.weight_hh_l0"].double().numpy()
w_out = state["linear.weight"].double().numpy()
budget = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
strata = 20


def correct(x):
    h = np.zeros((x.shape[0], w_hh.shape[0]))
    for step in range(x.shape[1]):
        h = np.maximum(0, x[:, step:step + 1] * w_in[None, :] + h @ w_hh.T)
    return (h @ w_out.T).argmax(1) == np.argsort(x, 1)[:, -2]


def key(x):
    s = np.sort(x, 1)
    top = np.abs(x).max(1)
    return np.minimum(s[:, -1] - s[:, -2], s[:, -2] - s[:, -3]) / top


rng = np.random.default_rng(2026)

# Plain sampling for the budget.
start, hits, count = time.perf_counter(), 0, 0
while time.perf_counter() - start < budget:
    ok = correct(rng.standard_normal((100_000, 10)))
    hits, count = hits + int(ok.sum()), count + ok.size
p = hits / count
plain_variance = p * (1 - p) / count
print(f"plain: {p:.6f} +- {plain_variance ** 0.5:.6f} from {count:,} samples in {budget:.0f} s")

# Pilot (outside the budget): strata and their standard deviations.
pilot = rng.standard_normal((200_000, 10))
edges = np.quantile(key(pilot), np.linspace(0, 1, strata + 1))[1:-1]
pilot_stratum = np.searchsorted(edges, key(pilot), side="right")
pilot_error = ~correct(pilot)
sigma = np.array([max(pilot_error[pilot_stratum == s].std(), 1e-3) for s in range(strata)])

# The budget again: a share for the strata's probabilities, the rest for the model.
start = time.perf_counter()
cheap, cheap_counts = 0, np.zeros(strata)
while time.perf_counter() - start < 0.15 * budget:
    k = np.searchsorted(edges, key(rng.standard_normal((1_000_000, 10))), side="right")
    cheap_counts += np.bincount(k, minlength=strata)
    cheap += k.size
weights = cheap_counts / cheap
allocation = weights * sigma / (weights * sigma).sum()
hits_s, count_s = np.zeros(strata), np.zeros(strata)
while time.perf_counter() - start < budget:
    x = rng.standard_normal((200_000, 10))
    k = np.searchsorted(edges, key(x), side="right")
    # Keep, per stratum, its Neyman share of a batch of about 50,000 evaluations.
    keep = np.zeros(k.size, dtype=bool)
    for s in range(strata):
        where = np.flatnonzero(k == s)[: int(round(50_000 * allocation[s]))]
        keep[where] = True
    ok = correct(x[keep])
    hits_s += np.bincount(k[keep], weights=ok, minlength=strata)
    count_s += np.bincount(k[keep], minlength=strata)
rate = hits_s / count_s
estimate = (weights * rate).sum()
variance = (weights ** 2 * rate * (1 - rate) / count_s).sum() + ((rate - estimate) ** 2 * weights).sum() / cheap
print(f"stratified: {estimate:.6f} +- {variance ** 0.5:.6f} from {int(count_s.sum()):,} model evaluations "
      f"and {cheap:,} sorts in {budget:.0f} s")
print(f"efficiency at equal time: {plain_variance / variance:.2f} (difference {(estimate - p) / (plain_variance + variance) ** 0.5:+.2f} combined SE)")
