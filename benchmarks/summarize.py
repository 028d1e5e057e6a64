"""Prints the JMH results and the C++ floor as one table with ratios.
    python3 summarize.py target/jmh.json target/cpp.txt target/cpp-baseline.txt [target/nbody.txt]

Errors are JMH's: the half-width of the 99.9% confidence interval (sum_bench uses the same rule).
A ratio's range adds the two relative errors in quadrature (first-order error propagation); a
target is "met" or "missed" when the whole range agrees, otherwise this run cannot tell ("unclear").
The targets also show the ratio of the fastest iterations, which shared cores disturb least.
"""
import json
import re
import sys

jmh_file, cpp_file, baseline_file = sys.argv[1:4]
nbody_file = sys.argv[4] if len(sys.argv) > 4 else None

jmh = {}      # (method, n) -> (mean, error)
fastest = {}  # (method, n) -> fastest iteration's ns/op
jvm = ""
for result in json.load(open(jmh_file)):
    method = result["benchmark"].rsplit(".", 1)[1]
    n = int(result.get("params", {}).get("n", 0))
    if "threads" in result.get("params", {}):  # NBodyBenchmark: step_native_t1, step_java_t2, ...
        method += "_t" + result["params"]["threads"]
    metric = result["primaryMetric"]
    assert metric["scoreUnit"] == "ns/op", metric["scoreUnit"]
    jmh[method, n] = (metric["score"], float(metric["scoreError"]))  # "NaN" for a single iteration
    fastest[method, n] = min(x for fork in metric["rawData"] for x in fork)
    jvm = f'{result["jdkVersion"]} ({result["vmName"]})'


cpp_memory = {}  # sum_bench's memory-bound lines: "stream_triad" -> GB/s, "sum_memory"/"dot_memory" -> (n, GB/s)


def read_cpp(path, prefix):
    """sum_bench's lines into jmh/fastest under method prefix + name ("cpp_sum"); returns its SIMD path."""
    simd = "?"
    for line in open(path):
        fields = dict(re.findall(r"(\w+)=(\S+)", line))
        if "simd" in fields:
            simd = fields["simd"]
        elif "gbs" in fields:
            if prefix == "cpp_":
                cpp_memory[fields["name"]] = (int(fields.get("n", 0)), float(fields["gbs"]))
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


def cell(x, y):
    """The ratio x / y as text, or "-" when this run did not time one of them."""
    return fmt_ratio(ratio(x, y)) if x in jmh and y in jmh else "-"


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
                      ("float[] (pinned, no copy)", "sum_floatArray"),
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
            cells = [cell((name + "_java" + kind, n), native) for kind in ("Plain", "SameAlgorithm")]
            print(f"  {label:<20}{n:>12,}{fmt(jmh[native]):>22}   {cells[0]:<22}{cells[1]:<22}")
            if name == "moments" and ("moments_nativeByValue", n) in jmh:
                byValue = ("moments_nativeByValue", n)
                cells = [cell((name + "_java" + kind, n), byValue) for kind in ("Plain", "SameAlgorithm")]
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
    # The Vector API baselines (org.mymodule.reference.VectorStats), each against the native kernel of its
    # accuracy class: vectorAccurate (the same algorithms) against the kernel; vectorPlain (float lanes) against
    # the fast float kernels through RawStats where timed, else against the kernel.
    if ("sum_vectorAccurate", sizes[0]) in jmh:
        print(f"\nVector API Java vs native, same accuracy class; ratio = native / Vector API time (<= 1: native faster)")
        print(f"  {'kernel':<20}{'n':>12}{'Vector API ns/op':>22}   {'accurate: native / Java':<26}{'plain: fast native / Java':<26}")
        for name, label, _ in kernels:
            for n in sizes:
                accurate = (name + "_vectorAccurate", n)
                if accurate not in jmh:
                    continue
                cells = [fmt_ratio(ratio((name + "_native", n), accurate))]
                fast = (name + "_rawFast", n)
                plain = (name + "_vectorPlain", n)
                cells.append(fmt_ratio(ratio(fast, plain)) if fast in jmh and plain in jmh else "-")
                print(f"  {label:<20}{n:>12,}{fmt(jmh[accurate]):>22}   {cells[0]:<26}{cells[1]:<26}")
        print("\nTargets (Vector API, same accuracy class)")
        for name, label, _ in kernels[:3]:
            for n in sizes:
                goal = 1.5 if n <= 10_000 else 1.0 if n <= 100_000 else None
                if goal is None:
                    continue
                target((name + "_native", n), (name + "_vectorAccurate", n), f"n={n:,} {label}: native / Vector API (accurate)",
                       0, goal, f"<= {goal}")
                if (name + "_rawFast", n) in jmh:
                    target((name + "_rawFast", n), (name + "_vectorPlain", n),
                           f"n={n:,} {label}: fast native (primitive-argument call) / Vector API (plain)", 0, goal, f"<= {goal}")
        if "stream_triad" in cpp_memory and big >= 10_000_000:
            # The STREAM triad in C++ (cpp/stream_triad.h, sum_bench: same run), a higher bar than C2's triad.
            cpp_triad = cpp_memory["stream_triad"][1]
            print(f"  STREAM triad in C++ (sum_bench): {cpp_triad:.1f} GB/s")
            for name, label, bytes_per in kernels[:3]:
                r = bytes_per * big / jmh[name + "_native", big][0] / cpp_triad
                print(f"  n={big:,} {label} through a Pointer: {r:.0%} of the C++ triad; target >= 90%: {'met' if r >= 0.9 else 'missed'} (mean only)")
            for name in ("sum", "dot"):
                if name + "_memory" in cpp_memory:
                    n, gbs = cpp_memory[name + "_memory"]
                    print(f"  n={n:,} {name} of floats from C++: {gbs:.1f} GB/s = {gbs / cpp_triad:.0%} of the C++ triad (best of 5)")

    print("\nTargets (vector statistics)")
    for name, label, bytes_per in kernels[:3]:
        for n in sizes[:-1]:
            if (name + "_javaPlain", n) in jmh:
                target((name + "_javaPlain", n), (name + "_native", n), f"n={n:,} {label}: plain Java / native", 4, float("inf"), ">= 4")
    if triad and big >= 10_000_000:
        for name, label, bytes_per in kernels[:3]:
            r = bytes_per * big / jmh[name + "_native", big][0] / triad_gbs
            print(f"  n={big:,} {label}: {r:.0%} of the triad bandwidth; target >= 80%: {'met' if r >= 0.8 else 'missed'} (mean only)")

# NBodyBenchmark and cpp/nbody_bench: one leapfrog step is n^2 interactions of 20 FLOP each.
if nbody_file and ("step_native_t1", 1024) in jmh:
    peak = {}  # threads -> GFLOP/s
    nbody_simd = "?"
    for line in open(nbody_file):
        fields = dict(re.findall(r"(\w+)=(\S+)", line))
        if "simd" in fields:
            nbody_simd = fields["simd"]
        elif fields.get("name") == "fma_peak":
            peak[int(fields["threads"])] = float(fields["gflops"])
        elif fields.get("name") == "cpp_step":
            key = "cpp_step_t" + fields["threads"], int(fields["n"])
            jmh[key] = (float(fields["mean_ns"]), float(fields["error_ns"]))
            fastest[key] = float(fields["min_ns"])
    sizes = sorted(n for (m, n) in jmh if m == "step_native_t1")

    def rate(method, n):
        """Interactions per second and its range."""
        mean, error = jmh[method, n]
        return n * n / mean * 1e9, n * n / (mean + error) * 1e9, n * n / max(mean - error, 1e-9) * 1e9

    print(f"\nNBody step, C++ kernel {nbody_simd}; FP32 FMA peak (cpp/nbody_bench: 12 independent FMA chains per thread)"
          f" = {peak.get(1, float('nan')):.1f} GFLOP/s on 1 thread, {peak.get(2, float('nan')):.1f} on 2")
    print(f"{'n':>7} {'threads':>7} {'native interactions/s':>22} {'Java':>12} {'Java / native':>20}"
          f" {'Vector API / native':>20} {'% of peak (20 FLOP)':>20} {'C++ direct':>12}")
    for n in sizes:
        for t in (1, 2):
            native, java, cpp = f"step_native_t{t}", f"step_java_t{t}", f"cpp_step_t{t}"
            if (native, n) not in jmh:
                continue
            r = rate(native, n)
            ratio_text = fmt_ratio(ratio((java, n), (native, n))) if (java, n) in jmh else "-"
            vector = f"step_vector_t{t}"
            vector_text = fmt_ratio(ratio((vector, n), (native, n))) if (vector, n) in jmh else "-"
            java_text = f"{rate(java, n)[0]:.3g}" if (java, n) in jmh else "-"
            percent = 100 * r[0] * 20 / (peak[t] * 1e9) if t in peak else float("nan")
            cpp_text = f"{rate(cpp, n)[0]:.3g}" if (cpp, n) in jmh else "-"
            print(f"{n:>7} {t:>7} {r[0]:>13.3g} [{r[1]:.2g}, {r[2]:.2g}] {java_text:>7} {ratio_text:>20}"
                  f" {vector_text:>20} {percent:>19.0f}% {cpp_text:>12}")
    print("Targets")
    for n in sizes:
        if ("step_java_t1", n) in jmh:
            target(("step_java_t1", n), ("step_native_t1", n), f"n={n} 1 thread: Java / native time", 8, 1e9, ">= 8")
    for n in sizes:
        for t in (1, 2):
            if (f"step_vector_t{t}", n) in jmh:
                target((f"step_vector_t{t}", n), (f"step_native_t{t}", n),
                       f"n={n} {t} thread{'s' if t > 1 else ''}: Vector API / native time", 2, 1e9, ">= 2")
    for n in sizes:
        if 1 in peak:
            r = [100 * x * 20 / (peak[1] * 1e9) for x in rate("step_native_t1", n)]
            print(f"  n={n} 1 thread: {r[0]:.0f}% of FP32 FMA peak [{r[1]:.0f}, {r[2]:.0f}]; target >= 40%: "
                  f"{verdict(r, 40, 1e9)}")
    if ("step_native_t2", 16384) in jmh:
        target(("step_native_t1", 16384), ("step_native_t2", 16384), "n=16384 speed-up 1 -> 2 threads", 1.8, 1e9, ">= 1.8")
    if ("step_native_t1", 1024) in jmh and ("step_native_t1", 16384) in jmh:
        growth = jmh["step_native_t1", 16384][0] / jmh["step_native_t1", 1024][0]
        print(f"  cost n=1024 -> 16384, 1 thread: x{growth:.0f}, n^2 predicts x256 ({growth / 256:.2f} of n^2)")
