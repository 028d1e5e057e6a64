"""Prints the JMH results (target/jmh.json) and the C++ floor (target/cpp.txt) as one table with ratios.

Errors are JMH's: the half-width of the 99.9% confidence interval (sum_bench uses the same rule).
A ratio's range comes from combining both ends of both intervals, so a target is only "met" or
"missed" when the whole range agrees; otherwise the run cannot tell ("unclear").
"""
import json
import re
import sys

jmh_file, cpp_file = sys.argv[1:3]

jmh = {}  # (method, n) -> (mean, error)
jvm = ""
for result in json.load(open(jmh_file)):
    method = result["benchmark"].rsplit(".", 1)[1]
    n = int(result.get("params", {}).get("n", 0))
    metric = result["primaryMetric"]
    assert metric["scoreUnit"] == "ns/op", metric["scoreUnit"]
    jmh[method, n] = (metric["score"], metric["scoreError"])
    jvm = f'{result["jdkVersion"]} ({result["vmName"]})'

cpp = {}
for line in open(cpp_file):
    fields = dict(re.findall(r"(\w+)=(\S+)", line))
    if fields:
        cpp[fields["name"], int(fields["n"])] = (float(fields["mean_ns"]), float(fields["error_ns"]))


def fmt(value):
    mean, error = value
    digits = 0 if mean >= 1000 else 1 if mean >= 100 else 2
    return f"{mean:,.{digits}f} ± {error:,.{digits}f}"


def ratio(x, y):
    """x / y with the range from the ends of both confidence intervals."""
    (a, ea), (b, eb) = x, y
    low = (a - ea) / (b + eb)
    high = (a + ea) / (b - eb) if b > eb else float("inf")
    return a / b, low, high


def fmt_ratio(r):
    return f"{r[0]:.3f} [{r[1]:.2f}, {r[2]:.2f}]"


def verdict(r, low_ok, high_ok):
    if low_ok <= r[1] and r[2] <= high_ok:
        return "met"
    if r[2] < low_ok or r[1] > high_ok:
        return "missed"
    return ("met" if low_ok <= r[0] <= high_ok else "missed") + " by the mean, unclear within error"


print(f"\nJVM {jvm}; ns/op = mean ± 99.9% CI half-width; ratios: mean [range from the intervals]\n")

print(f"{'add(int, int)':<44}{'ns/op':>16}   vs @NoException")
no_exception = jmh["add_noException", 0]
add_rows = [("C++ calling libmymodule.so (sum_bench)", cpp["add", 0]),
            ("pure Java a + b (harness cost)", jmh["add_java", 0]),
            ("@NoException binding (hand-written JNI)", no_exception),
            ("generated, exceptions translated", jmh["add_checked", 0])]
for label, value in add_rows:
    print(f"  {label:<42}{fmt(value):>16}   {fmt_ratio(ratio(value, no_exception))}")

print(f"\n{'sum(n floats)':<30}{'n = 1000':>15}  {'vs C++':<20}{'n = 1,000,000':>22}  vs C++")
sum_rows = [("C++ direct (sum_bench)", None),
            ("FloatPointer (setup)", "sum_floatPointer"),
            ("direct buffer, wrapped once", "sum_bufferWrappedOnce"),
            ("direct buffer, per call", "sum_bufferWrappedPerCall"),
            ("float[] (JNI copies)", "sum_floatArray"),
            ("pure Java loop", "sum_java")]
ratios = {}
for label, method in sum_rows:
    cells = []
    for n in (1000, 1000000):
        value = cpp["sum", n] if method is None else jmh[method, n]
        ratios[method, n] = ratio(value, cpp["sum", n])
        cells.append(f"{fmt(value):>15}  {fmt_ratio(ratios[method, n]):<20}")
    print(f"  {label:<28}" + "       ".join(cells))

print("\nTargets")
checked = ratio(jmh["add_checked", 0], no_exception)
print(f"  checked add / @NoException add = {fmt_ratio(checked)}; target <= 1.25: {verdict(checked, 0, 1.25)}")
for method, label in (("sum_floatPointer", "FloatPointer"), ("sum_bufferWrappedOnce", "buffer wrapped once"),
                      ("sum_bufferWrappedPerCall", "buffer wrapped per call")):
    r = ratios[method, 1000000]
    print(f"  n=1e6 {label} / C++ = {fmt_ratio(r)}; target within 5%: {verdict(r, 0.95, 1.05)}")
for method, label in (("sum_floatArray", "float[]"), ("sum_java", "Java loop")):
    print(f"  n=1e6 {label} / C++ = {fmt_ratio(ratios[method, 1000000])} (no target)")
