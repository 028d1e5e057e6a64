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
    jmh[method, n] = (metric["score"], metric["scoreError"])
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
