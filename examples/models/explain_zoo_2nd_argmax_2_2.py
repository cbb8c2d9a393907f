"""Writes proofs/zoo_2nd_argmax_2_2.claims: the AlgZoo post's explanation of
M2,2 as exact claims.

Run from the repository root (needs PyTorch, CPU build, only to read the
checkpoint): python3 examples/models/explain_zoo_2nd_argmax_2_2.py

Every number written is exact: float32 weights become Fractions, so cone
boundaries and linear forms are exact rationals, not decimal renderings.
"""
import math
from fractions import Fraction as F

import torch

MODEL = "examples/models/zoo_2nd_argmax_2_2.pth"
OUT = "proofs/zoo_2nd_argmax_2_2.claims"

sd = torch.load(MODEL, weights_only=True)
wi = [F(float(v)) for v in sd["rnn.weight_ih_l0"].flatten().tolist()]
wh = [[F(float(v)) for v in r] for r in sd["rnn.weight_hh_l0"].tolist()]
wo = [[F(float(v)) for v in r] for r in sd["linear.weight"].tolist()]
assert wi[0] > 0 > wi[1], "the explanation below assumes W_hi = (+, -)"


def q(f):
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def form(a0, a1):
    """a0 * x[0] + a1 * x[1] as claims text."""
    return f"{q(a0)} * x[0] + {q(a1)} * x[1]"


# Standardization: rescale hidden neuron j by s_j = |W_hi[j]| (ReLU is
# positively homogeneous), so the input weights become +1 and -1.
s = [abs(w) for w in wi]
wi_s = [w / abs(w) for w in wi]
wh_s = [[wh[j][k] * s[k] / s[j] for k in range(2)] for j in range(2)]
wo_s = [[wo[i][j] * s[j] for j in range(2)] for i in range(2)]

# Step 1: x0 > 0 activates neuron 0 only (h1 = (W_hi[0] x0, 0)); x0 < 0
# activates neuron 1 only. Step 2 on each half-plane: z2_j = c_j0 x0 + c_j1 x1.
halves = {
    "x[0] > 0": [[wh[j][0] * wi[0], wi[j]] for j in range(2)],
    "x[0] < 0": [[wh[j][1] * wi[1], wi[j]] for j in range(2)],
}
# The six cones, by the signs of z2 on each half-plane (found by sweeping the
# unit circle; every boundary is a ray where some pre-activation is zero).
cones = [
    ("x[0] > 0", (False, True)), ("x[0] > 0", (True, True)), ("x[0] > 0", (True, False)),
    ("x[0] < 0", (True, False)), ("x[0] < 0", (True, True)), ("x[0] < 0", (False, True)),
]


def pattern_at(x0, x1):
    z1 = [wi[j] * x0 for j in range(2)]
    h1 = [max(z, 0) for z in z1]
    z2 = [sum(wh[j][k] * h1[k] for k in range(2)) + wi[j] * x1 for j in range(2)]
    return ("x[0] > 0" if x0 > 0 else "x[0] < 0", tuple(z > 0 for z in z2))


yellow_rays = []
seen = []
for i in range(3600):
    t = 2 * math.pi * (i + 0.5) / 3600
    p = pattern_at(F(math.cos(t)), F(math.sin(t)))
    if p not in seen:
        seen.append(p)
assert sorted(seen) == sorted(cones), f"cone structure changed: {seen}"

lines = [
    "# The AlgZoo post's explanation of M2,2 (zoo_2nd_argmax(hidden_size=2, seq_len=2)),",
    "# written by examples/models/explain_zoo_2nd_argmax_2_2.py with exact fractions.",
    'model m = "../examples/models/zoo_2nd_argmax_2_2.pth"',
    "input x in R^2",
    "",
    "# The signs of all 10 weights.",
    "claim weight_signs: " + " and ".join(
        [f"m.W_hi[{j}] {'>' if wi[j] > 0 else '<'} 0" for j in range(2)]
        + [f"m.W_hh[{j}][{k}] {'>' if wh[j][k] > 0 else '<'} 0" for j in range(2) for k in range(2)]
        + [f"m.W_oh[{i}][{j}] {'>' if wo[i][j] > 0 else '<'} 0" for i in range(2) for j in range(2)]),
    "# After standardization, which recurrent weights exceed 1 in magnitude.",
    "claim standardized_magnitudes: " + " and ".join(
        f"abs({q(wh_s[j][k])}) {'>' if abs(wh_s[j][k]) > 1 else '<'} 1" for j in range(2) for k in range(2)),
    "",
    "# Standardization: neuron j rescaled by |W_hi[j]|, so W_hi becomes (1, -1).",
    "# The rescaled model, written out exactly, equals the original everywhere.",
    f"let s1 = relu([{q(wi_s[0])}, {q(wi_s[1])}] * x[0])",
    f"let s2 = relu([dot([{q(wh_s[0][0])}, {q(wh_s[0][1])}], s1) + {q(wi_s[0])} * x[1],",
    f"               dot([{q(wh_s[1][0])}, {q(wh_s[1][1])}], s1) + {q(wi_s[1])} * x[1]])",
    f"claim standardized_equivalent: m.logits == [dot([{q(wo_s[0][0])}, {q(wo_s[0][1])}], s2),",
    f"                                            dot([{q(wo_s[1][0])}, {q(wo_s[1][1])}], s2)]",
    f"claim standardized_hidden: m.h[2] == [{q(s[0])} * s2[0], {q(s[1])} * s2[1]]",
    "",
    "# The six cones of the (x0, x1) plane: in each, the activation pattern and",
    "# the logit difference m.logits[0] - m.logits[1] as a linear form.",
]
for n, (half, signs) in enumerate(cones, 1):
    c = halves[half]
    parts = [half] + [f"{form(*c[j])} {'>' if signs[j] else '<'} 0" for j in range(2)]
    where = " and ".join(parts)
    # Delta = sum_j (wo[0][j] - wo[1][j]) h2_j with h2_j = z2_j where active.
    a0 = sum((wo[0][j] - wo[1][j]) * c[j][0] for j in range(2) if signs[j])
    a1 = sum((wo[0][j] - wo[1][j]) * c[j][1] for j in range(2) if signs[j])
    step1 = "m.h[1][0] > 0 and m.h[1][1] == 0" if half == "x[0] > 0" else "m.h[1][0] == 0 and m.h[1][1] > 0"
    step2 = " and ".join(f"m.h[2][{j}] {'> 0' if signs[j] else '== 0'}" for j in range(2))
    both = signs == (True, True)
    lines.append(f"# cone {n}: {half}, neurons active at step 2: {[j for j in range(2) if signs[j]]}"
                 + (" (a 'yellow' cone: |a0| and |a1| nearly equal)" if both else ""))
    lines.append(f"let cone{n} = {where}")
    lines.append(f"claim cone{n}_pattern: {step1} and {step2} where cone{n}")
    lines.append(f"claim cone{n}_delta: m.logits[0] - m.logits[1] == {form(a0, a1)} where cone{n}")
    if both:
        yellow_rays.append(-a0 / a1)
        lines.append(f"witness cone{n}_errs: argmax(m.logits) != argsort(x)[-2] and distinct(x) and cone{n}")
    else:
        lines.append(f"claim cone{n}_correct: argmax(m.logits) == argsort(x)[-2] where cone{n} and distinct(x)")
# In a yellow cone the model errs between the diagonal x1 = x0 and the ray
# where the logit difference vanishes, x1 = r x0. On that ray the relative
# gap |x0 - x1| / max|x| is |1 - r| / max(1, |r|); the largest over both
# cones is the sharp margin: the model is right wherever the gap exceeds it,
# and ties its logits on the ray itself.
margin = max(abs(1 - r) / max(1, abs(r)) for r in yellow_rays)
lines += [
    "",
    f"# Away from ties the model is right; the margin below (about 1/{round(1 / margin)}) is sharp.",
    f"let margin = {q(margin)}",
    "claim correct_beyond_margin: argmax(m.logits) == argsort(x)[-2] where abs(x[0] - x[1]) > margin * max(abs(x))",
    "witness fails_at_margin: argmax(m.logits) != argsort(x)[-2] and abs(x[0] - x[1]) >= margin * max(abs(x)) and distinct(x)",
    "",
]
open(OUT, "w").write("\n".join(lines))
print(f"wrote {OUT}")
