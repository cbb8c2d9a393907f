"""What a user would do instead of `farkas prove` on a longest-cycle
transformer: enumerate every input with PyTorch in float32 and count where
the model is right. Times the enumeration inside a started Python process
(model loaded, inputs built) and prints the count, so that

    time python3 Benchmarks/transformer_enumeration.py examples/models/trained_longest_cycle_8_6.pth
    time .build/release/farkas prove proofs/trained_longest_cycle_8_6.claims --no-certificates

compare the whole processes, and the printed seconds the enumeration alone.
Needs torch (2.13.0+cpu); the Swift build and tests never do.
"""
import os
import sys
import time

import torch as th

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "models"))
from make_models import DistTransformer, longest_cycle_targets  # noqa: E402


def main():
    path = sys.argv[1]
    th.set_num_threads(2)
    state = th.load(path, map_location="cpu", weights_only=True)
    hidden = state["embed.weight"].shape[1]
    n = state["pos_embed.weight"].shape[0]
    model = DistTransformer(hidden, n)
    model.load_state_dict(state)
    model.eval()
    start = time.perf_counter()
    inputs = th.cartesian_prod(*[th.arange(n)] * n).reshape(-1, n)
    targets = longest_cycle_targets(inputs)
    forward_start = time.perf_counter()
    with th.no_grad():
        right = int((model(inputs).argmax(-1) == targets).sum())
    end = time.perf_counter()
    print(f"{right} of {len(inputs)} right in float32; enumeration {end - start:.3f} s "
          f"(of which the batched forward pass and count {end - forward_start:.3f} s, the targets in Python the rest)")


if __name__ == "__main__":
    main()
