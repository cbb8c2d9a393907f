"""Plain Monte Carlo accuracy of a 2nd-argmax or argmedian RNN checkpoint,
in NumPy: the sampling a user would do instead of `farkas prove`'s measure.

    .build/release/farkas inspect examples/models/trained_2nd_argmax_4_3.pth --json > m.json
    python3 Benchmarks/sample_accuracy.py m.json 4000000 [second|median]

prints the sampled accuracy, its standard error (seed 12345) and the
samples per second. The target is the position of the second largest input
(default) or of the median. Ties at the top of the logits are counted
wrong, as `argmax` in claims does.
"""
import time
import json
import sys

import numpy as np


def tensors(document):
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if "name" in node and "values" in node:
                found[node["name"]] = np.array(node["values"], dtype=np.float64)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return found


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    target = sys.argv[3] if len(sys.argv) > 3 else "second"
    start = time.perf_counter()
    t = tensors(json.load(open(path)))
    w_in, w_hh, w_out = t["rnn.weight_ih_l0"][:, 0], t["rnn.weight_hh_l0"], t["linear.weight"]
    length = w_out.shape[0]
    rng = np.random.default_rng(12345)
    hits, total = 0, 0
    chunk = 500_000
    while total < count:
        x = rng.standard_normal((min(chunk, count - total), length))
        h = np.zeros((x.shape[0], w_hh.shape[0]))
        for step in range(length):
            h = np.maximum(0, x[:, step:step + 1] * w_in[None, :] + h @ w_hh.T)
        logits = h @ w_out.T
        top = logits.max(axis=1, keepdims=True)
        unique = (logits == top).sum(axis=1) == 1
        answer = np.argsort(x, axis=1, kind="stable")[:, -2 if target == "second" else length // 2]
        hits += int(((logits.argmax(axis=1) == answer) & unique).sum())
        total += x.shape[0]
    p = hits / total
    rate = total / (time.perf_counter() - start)
    print(f"{p:.6f} +- {np.sqrt(p * (1 - p) / total):.6f} ({hits} of {total} samples, {rate:.3g} samples/s)")


if __name__ == "__main__":
    main()
