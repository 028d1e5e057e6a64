"""Prints the k-means benchmark table: native vs pure Java vs Smile, thread scaling, and FLOP/s
against the measured FP32 FMA peak, each target with its verdict.
    python3 kmeans_summary.py target/jmh-kmeans.json target/kmeans.txt

Errors are JMH's 99.9% half-widths; a ratio's range adds the relative errors in quadrature, as in
summarize.py. A target is "met" or "missed" when the whole range agrees, otherwise "unclear".
"""
import json
import re
import sys

jmh_file, cpp_file = sys.argv[1:3]

scores = {}  # (method, threads) -> (mean ms, error ms)
params = {}
for result in json.load(open(jmh_file)):
    method = result["benchmark"].rsplit(".", 1)[1].replace("kmeans_", "")
    metric = result["primaryMetric"]
    assert metric["scoreUnit"] == "ms/op", metric["scoreUnit"]
    params = result["params"]
    scores[method, int(params["threads"])] = (float(metric["score"]), float(metric["scoreError"]))  # NaN error with -i 1
n, d, k, iterations = (int(params[p]) for p in ("n", "d", "k", "iterations"))

cpp = [dict(re.findall(r"(\w+)=(\S+)", line)) for line in open(cpp_file)]
peak = next(float(f["gflops"]) for f in cpp if "gflops" in f)
peak_isa = next(f["isa"] for f in cpp if "gflops" in f)
rates = {int(f["threads"]): f for f in cpp if "iteration_ms" in f}
cache = {int(f["threads"]): f for f in cpp if "call_us" in f}


def ratio(x, y):
    (a, ea), (b, eb) = scores[x], scores[y]
    r = a / b
    e = r * ((ea / a) ** 2 + (eb / b) ** 2) ** 0.5
    return r, r - e, r + e


def verdict(r, low):
    if r[1] >= low:
        return "met"
    if r[2] < low:
        return "missed"
    return ("met" if r[0] >= low else "missed") + " by the mean, unclear within error"


def fmt(r):
    return f"{r[0]:.2f} [{r[1]:.2f}, {r[2]:.2f}]"


flops = 2.0 * n * k * d  # one assignment: a multiply and an add per coordinate, centroid and point
print(f"\nk-means fit, n = {n:,}, d = {d}, k = {k}, k-means++ seeding + {iterations} Lloyd iterations"
      f" (+ 1 final assignment); ms/op = mean ± 99.9% CI half-width")
print(f"{'':<34}{'1 thread':>18}{'2 threads':>18}")
for label, method in (("mymodule KMeans", "native"), ("pure Java Lloyd", "java"), ("Smile 3.1.1 KMeans.lloyd", "smile")):
    cells = "".join(f"{scores[method, t][0]:>11,.1f} ± {scores[method, t][1]:<4,.0f}" for t in (1, 2))
    print(f"  {label:<32}{cells}")

print("\nTargets")
for t in (1, 2):
    r = ratio(("java", t), ("native", t))
    print(f"  {t} thread(s): pure Java / native = {fmt(r)}; target >= 5 (1 thread): {verdict(r, 5)}")
    r = ratio(("smile", t), ("native", t))
    print(f"  {t} thread(s): Smile / native = {fmt(r)}; target >= 3 (1 thread): {verdict(r, 3)}")
r = ratio(("native", 1), ("native", 2))
print(f"  native 1 thread / 2 threads = {fmt(r)}; target >= 1.8: {verdict(r, 1.8)}")
for t, f in sorted(rates.items()):
    fraction = float(f["assign_gflops"]) / (peak * t)
    print(f"  assignment+update iteration, {t} thread(s) (kmeans_bench): {float(f['iteration_ms']):.2f} ms ="
          f" {float(f['assign_gflops']):.1f} GFLOP/s of 2*n*k*d = {fraction:.0%} of {t} x {peak:.0f} GFLOP/s"
          f" ({peak_isa} FMA peak); target >= 30%: {'met' if fraction >= 0.3 else 'missed'}")
for t, f in sorted(cache.items()):
    fraction = float(f["gflops"]) / (peak * t)
    print(f"  assignment alone, {f['m']} rows in cache, {t} thread(s) (kmeans_bench, predict): {float(f['gflops']):.1f} GFLOP/s"
          f" = {fraction:.0%} of {t} x {peak:.0f} GFLOP/s; target >= 30%: {'met' if fraction >= 0.3 else 'missed'}")
whole = (iterations + 1) * flops / (scores["native", 1][0] / 1e3) / 1e9
print(f"  whole fit, 1 thread: {whole:.1f} GFLOP/s counting only the {iterations + 1} assignments"
      f" (seeding and updates are extra work): {whole / peak:.0%} of peak")
