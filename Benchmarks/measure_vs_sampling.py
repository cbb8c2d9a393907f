"""The argmedian (4, 5) model's accuracy on R^5: Farkas's estimate from its
cones against plain Monte Carlo in NumPy, timed in the same run.

    swift build -c release && python3 Benchmarks/measure_vs_sampling.py

runs `farkas prove` on Benchmarks/claims/argmedian_4_5_accuracy.claims,
then samples the same model (float64, NumPy) for a few seconds, and prints
both figures, their errors, and the time sampling would need for Farkas's
error: samples = p(1 - p) / error^2, divided by the measured rate.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
farkas = os.path.join(root, ".build", "release", "farkas")
claims = os.path.join(root, "Benchmarks", "claims", "argmedian_4_5_accuracy.claims")
model = os.path.join(root, "examples", "models", "trained_argmedian_4_5.pth")
samples = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000

start = time.perf_counter()
report = json.loads(subprocess.run([farkas, "prove", claims, "--json", "--no-certificates"], check=True, capture_output=True, text=True).stdout)
wall = time.perf_counter() - start
share = report[0]["statements"][0]["share"]
p, error = float(share["decimal"]), float(share["standardError"])
print(f"farkas: {p} +- {error:.1e} (estimated error), {wall:.1f} s for the whole process; {share['method']}")

with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as weights:
    weights.write(subprocess.run([farkas, "inspect", model, "--json"], check=True, capture_output=True, text=True).stdout)
line = subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "sample_accuracy.py"), weights.name, str(samples), "median"],
                      check=True, capture_output=True, text=True).stdout.strip()
os.unlink(weights.name)
print(f"numpy sampling: {line}")
sampled, sampled_error = (float(v) for v in re.match(r"([0-9.]+) \+- ([0-9.]+)", line).groups())
rate = float(re.search(r"([0-9.e+]+) samples/s", line).group(1))
needed = p * (1 - p) / error ** 2
print(f"difference: {(sampled - p) / sampled_error:+.2f} sampling standard errors")
print(f"plain sampling needs {needed:.2g} samples for a standard error of {error:.1e}: "
      f"{needed / rate:.3g} s at {rate:.3g} samples/s, {needed / rate / wall:.3g} times Farkas's time")
