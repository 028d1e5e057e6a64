"""Prints the k-means benchmark table: native vs the Vector API Java version (the best Java), plain
Java and Smile, the split into seeding + 1 iteration and Lloyd iterations, thread scaling, and
FLOP/s against the measured FP32 FMA peak, each target with its verdict.
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
rates = {int(f["threads"]): f for f in cpp if "iteration_ms" in f and f.get("bounds", "on") == "on"}
plain = {int(f["threads"]): f for f in cpp if "iteration_ms" in f and f.get("bounds") == "off"}
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


def difference(x, y):  # a fit minus its seeding + 1 iteration: the other Lloyd iterations
    (a, ea), (b, eb) = scores[x], scores[y]
    return a - b, (ea ** 2 + eb ** 2) ** 0.5


flops = 2.0 * n * k * d  # one assignment: a multiply and an add per coordinate, centroid and point
print(f"\nk-means fit, n = {n:,}, d = {d}, k = {k}, k-means++ seeding + {iterations} Lloyd iterations"
      f" (+ 1 final assignment); ms/op = mean ± 99.9% CI half-width")
print(f"{'':<44}{'1 thread':>18}{'2 threads':>18}")
for t in (1, 2):
    for name in ("native", "vector"):
        scores["lloyd_" + name, t] = difference((name, t), ("seeding1_" + name, t))
rows = (("mymodule KMeans, FloatPointer", "native"), ("mymodule KMeans, float[]", "native_array"),
        ("Vector API Java (VectorKMeans)", "vector"), ("plain Java (JavaKMeans)", "java"),
        ("Smile 3.1.1 KMeans.lloyd", "smile"),
        ("  of which seeding + 1 iteration, mymodule", "seeding1_native"),
        ("  of which seeding + 1 iteration, Vector API", "seeding1_vector"),
        (f"  of which {iterations - 1} Lloyd iterations, mymodule", "lloyd_native"),
        (f"  of which {iterations - 1} Lloyd iterations, Vector API", "lloyd_vector"))
for label, method in rows:
    if (method, 1) not in scores:
        continue
    cells = "".join(f"{scores[method, t][0]:>11,.1f} ± {scores[method, t][1]:<4,.1f}" for t in (1, 2))
    print(f"  {label:<42}{cells}")

print("\nTargets")
for t in (1, 2):
    r = ratio(("vector", t), ("native", t))
    print(f"  {t} thread(s): Vector API / native (whole fit) = {fmt(r)}; target >= 2: {verdict(r, 2)}")
    r = ratio(("vector", t), ("native_array", t))
    print(f"  {t} thread(s): Vector API / native with float[] = {fmt(r)}")
    r = ratio(("seeding1_vector", t), ("seeding1_native", t))
    print(f"  {t} thread(s): Vector API / native, seeding + 1 iteration = {fmt(r)}")
    r = ratio(("lloyd_vector", t), ("lloyd_native", t))
    print(f"  {t} thread(s): Vector API / native, Lloyd iterations = {fmt(r)}")
    r = ratio(("java", t), ("native", t))
    print(f"  {t} thread(s): plain Java / native = {fmt(r)}; Smile / native = {fmt(ratio(('smile', t), ('native', t)))}")
r = ratio(("native", 1), ("native", 2))
print(f"  native 1 thread / 2 threads = {fmt(r)}; target >= 1.8: {verdict(r, 1.8)}")
r = ratio(("vector", 1), ("vector", 2))
print(f"  Vector API 1 thread / 2 threads = {fmt(r)}")
for t, f in sorted(rates.items()):
    fraction = float(f["assign_gflops"]) / (peak * t)
    skipped = f" ({float(f['skipped']):.0%} of the distance computations skipped by the bounds)" if "skipped" in f else ""
    print(f"  Lloyd iteration, {t} thread(s) (kmeans_bench): {float(f['iteration_ms']):.2f} ms ="
          f" {float(f['assign_gflops']):.1f} GFLOP/s of 2*n*k*d = {fraction:.0%} of {t} x {peak:.0f} GFLOP/s"
          f" ({peak_isa} FMA peak){skipped}; target >= 30%: {'met' if fraction >= 0.3 else 'missed'}")
for t, f in sorted(plain.items()):
    print(f"  plain Lloyd (MYMODULE_KMEANS_BOUNDS=off), {t} thread(s): {float(f['iteration_ms']):.2f} ms per iteration ="
          f" {float(f['assign_gflops']):.1f} GFLOP/s = {float(f['assign_gflops']) / (peak * t):.0%} of peak")
for t, f in sorted(cache.items()):
    fraction = float(f["gflops"]) / (peak * t)
    print(f"  assignment alone, {f['m']} rows in cache, {t} thread(s) (kmeans_bench, predict): {float(f['gflops']):.1f} GFLOP/s"
          f" = {fraction:.0%} of {t} x {peak:.0f} GFLOP/s; target >= 30%: {'met' if fraction >= 0.3 else 'missed'}")
for t in (1, 2):
    whole = (iterations + 1) * flops / (scores["native", t][0] / 1e3) / 1e9
    print(f"  whole fit, {t} thread(s): {whole:.1f} GFLOP/s counting the {iterations + 1} assignments' 2*n*k*d"
          f" (seeding and updates are extra work): {whole / (peak * t):.0%} of {t} x peak")
