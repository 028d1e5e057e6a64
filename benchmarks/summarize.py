"""Prints the JMH results and the C++ floor as one table with ratios.
    python3 summarize.py target/jmh.json target/cpp.txt target/cpp-baseline.txt

Errors are JMH's: the half-width of the 99.9% confidence interval (sum_bench uses the same rule).
A ratio's range adds the two relative errors in quadrature (first-order error propagation); a
target is "met" or "missed" when the whole range agrees, otherwise this run cannot tell ("unclear").
The targets also show the ratio of the fastest iterations, which shared cores disturb least.
"""
import json
import re
import sys

jmh_file, cpp_file, baseline_file = sys.argv[1:4]

jmh = {}      # (method, n) -> (mean, error)
fastest = {}  # (method, n) -> fastest iteration's ns/op
jvm = ""
for result in json.load(open(jmh_file)):
    method = result["benchmark"].rsplit(".", 1)[1]
    n = int(result.get("params", {}).get("n", 0))
    metric = result["primaryMetric"]
    assert metric["scoreUnit"] == "ns/op", metric["scoreUnit"]
    jmh[method, n] = (metric["score"], float(metric["scoreError"]))  # "NaN" (a string) after one iteration
    fastest[method, n] = min(x for fork in metric["rawData"] for x in fork)
    jvm = f'{result["jdkVersion"]} ({result["vmName"]})'


def read_cpp(path, prefix):
    """sum_bench's lines into jmh/fastest under method prefix + name ("cpp_sum"); returns its SIMD path."""
    simd = "?"
    for line in open(path):
        fields = dict(re.findall(r"(\w+)=(\S+)", line))
        if "simd" in fields:
            simd = fields["simd"]
        elif fields:
            key = prefix + fields["name"], int(fields["n"])
            jmh[key] = (float(fields["mean_ns"]), float(fields["error_ns"]))
            fastest[key] = float(fields["min_ns"])
    return simd


simd = read_cpp(cpp_file, "cpp_")
baseline_simd = read_cpp(baseline_file, "cppBaseline_")


def fmt(value):
    mean, error = value
    digits = 0 if mean >= 1000 else 1 if mean >= 100 else 2
    return f"{mean:,.{digits}f} ± {error:,.{digits}f}"


def ratio(x, y):
    """x / y and the ends of its range."""
    (a, ea), (b, eb) = jmh[x], jmh[y]
    r = a / b
    e = r * ((ea / a) ** 2 + (eb / b) ** 2) ** 0.5
    return r, r - e, r + e


def fmt_ratio(r):
    return f"{r[0]:.2f} [{r[1]:.2f}, {r[2]:.2f}]"


def verdict(r, low_ok, high_ok):
    if low_ok <= r[1] and r[2] <= high_ok:
        return "met"
    if r[2] < low_ok or r[1] > high_ok:
        return "missed"
    return ("met" if low_ok <= r[0] <= high_ok else "missed") + " by the mean, unclear within error"


print(f"\nJVM {jvm}; C++ kernel: {simd}; ns/op = mean ± 99.9% CI half-width; ratio = mean [range]\n")

print(f"{'add(int, int)':<44}{'ns/op':>14}   / @NoException")
for label, method in (("C++ calling libmymodule.so (sum_bench)", "cpp_add"),
                      ("pure Java a + b (harness cost)", "add_java"),
                      ("@NoException binding (hand-written JNI)", "add_noException"),
                      ("generated, exceptions translated", "add_checked")):
    key = method, 0
    shown = "1" if method == "add_noException" else fmt_ratio(ratio(key, ("add_noException", 0)))
    print(f"  {label:<42}{fmt(jmh[key]):>14}   {shown}")

print(f"\n{'sum(n floats)':<30}{'n = 1000':>16}   {'/ C++':<20}{'n = 1,000,000':>18}   / C++")
for label, method in ((f"C++ direct ({simd})", "cpp_sum"),
                      ("FloatPointer (setup)", "sum_floatPointer"),
                      ("direct buffer, wrapped once", "sum_bufferWrappedOnce"),
                      ("direct buffer, per call", "sum_bufferWrappedPerCall"),
                      ("float[] (JNI copies)", "sum_floatArray"),
                      ("pure Java loop", "sum_java"),
                      (f"C++ direct ({baseline_simd})", "cppBaseline_sum")):
    cells = []
    for n, width in ((1000, 16), (1000000, 18)):
        shown = "1" if method == "cpp_sum" else fmt_ratio(ratio((method, n), ("cpp_sum", n)))
        cells.append(f"{fmt(jmh[method, n]):>{width}}   {shown:<20}")
    print(f"  {label:<28}" + "".join(cells).rstrip())


def target(x, y, label, low_ok, high_ok, goal):
    r = ratio(x, y)
    print(f"  {label} = {fmt_ratio(r)}; target {goal}: {verdict(r, low_ok, high_ok)}"
          f" (fastest iterations: {fastest[x] / fastest[y]:.2f})")


print("\nTargets")
target(("add_checked", 0), ("add_noException", 0), "checked add / @NoException add", 0, 1.25, "<= 1.25")
for method, label in (("sum_floatPointer", "FloatPointer"), ("sum_bufferWrappedOnce", "buffer wrapped once"),
                      ("sum_bufferWrappedPerCall", "buffer wrapped per call")):
    target((method, 1000000), ("cpp_sum", 1000000), f"n=1e6 {label} / C++", 0.95, 1.05, "within 5%")
print("Without targets")
for x, y, label in ((("sum_floatArray", 1000000), ("cpp_sum", 1000000), "float[] / C++"),
                    (("sum_java", 1000000), ("cpp_sum", 1000000), f"Java loop / C++ ({simd})"),
                    (("sum_java", 1000000), ("cppBaseline_sum", 1000000), f"Java loop / C++ ({baseline_simd}, same algorithm)")):
    print(f"  n=1e6 {label} = {fmt_ratio(ratio(x, y))}")

# ---- StatsBenchmark: sum, dot, moments of n floats (and sum of n doubles) ----
if ("sum_native", 1000) in jmh:
    # Bytes each kernel reads per element: moments reads its floats twice (two passes).
    kernels = (("sum", "sum of floats", 4), ("dot", "dot of floats", 8), ("moments", "moments of floats", 8),
               ("sumDouble", "sum of doubles", 8))
    sizes = sorted(n for (method, n) in jmh if method == "sum_native")
    print(f"\nVector statistics: native kernel ({simd}, through a Pointer) vs pure Java; ratio = Java / native")
    print(f"  {'kernel':<20}{'n':>12}{'native ns/op':>22}   {'plain Java loop':<22}{'same algorithm in Java':<22}")
    for name, label, _ in kernels:
        for n in sizes:
            native = (name + "_native", n)
            cells = [fmt_ratio(ratio((name + "_java" + kind, n), native)) for kind in ("Plain", "SameAlgorithm")]
            print(f"  {label:<20}{n:>12,}{fmt(jmh[native]):>22}   {cells[0]:<22}{cells[1]:<22}")
            if name == "moments" and ("moments_nativeByValue", n) in jmh:
                byValue = ("moments_nativeByValue", n)
                cells = [fmt_ratio(ratio((name + "_java" + kind, n), byValue)) for kind in ("Plain", "SameAlgorithm")]
                print(f"  {'  returned by value':<20}{n:>12,}{fmt(jmh[byValue]):>22}   {cells[0]:<22}{cells[1]:<22}")
    triad = jmh.get(("triad_java", 0))
    big = sizes[-1]
    if triad and big >= 10_000_000:
        triad_gbs = 24 * 20_000_000 / triad[0]  # bytes per ns = GB/s
        print(f"\nMemory bandwidth (n = {big:,}; STREAM triad in Java, a = b + 3c over 3 x 20M doubles, 24 B/element): "
              f"triad {triad_gbs:.1f} GB/s")
        for name, label, bytes_per in kernels:
            mean = jmh[name + "_native", big][0]
            gbs = bytes_per * big / mean
            print(f"  {label:<20} {gbs:6.1f} GB/s = {gbs / triad_gbs:4.0%} of the triad ({bytes_per} B/element read)")
    print("\nTargets (vector statistics)")
    for name, label, bytes_per in kernels[:3]:
        for n in sizes[:-1]:
            target((name + "_javaPlain", n), (name + "_native", n), f"n={n:,} {label}: plain Java / native", 4, float("inf"), ">= 4")
    if triad and big >= 10_000_000:
        for name, label, bytes_per in kernels[:3]:
            r = bytes_per * big / jmh[name + "_native", big][0] / triad_gbs
            print(f"  n={big:,} {label}: {r:.0%} of the triad bandwidth; target >= 80%: {'met' if r >= 0.8 else 'missed'} (mean only)")
