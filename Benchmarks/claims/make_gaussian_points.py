"""Writes gaussian_points_1000.csv: 1,000 inputs of length 10, each
coordinate standard Gaussian rounded to 3 decimals (seeded), for timing a
claim over a points file on the (16, 10) model. Run from this folder:
python3 make_gaussian_points.py"""
import random

random.seed(3)
rows = ["x0,x1,x2,x3,x4,x5,x6,x7,x8,x9"]
for _ in range(1000):
    rows.append(",".join("%.3f" % random.gauss(0, 1) for _ in range(10)))
open("gaussian_points_1000.csv", "w").write("\n".join(rows) + "\n")
