#!/usr/bin/env python3
"""ImageBenchmark table: ms/op, MPixel/s of the 3840x2160 input, and each implementation's time / mymodule's.
   python3 image_summary.py target/jmh-image.json
Targets: native / OpenCV <= 1.0 and BoofCV / native >= 5 for every kernel, on 1 thread and on 2; pure Java / native >= 5."""
import json
import sys
from collections import defaultdict

NAMES = {"native": "mymodule", "opencv": "OpenCV 4.13", "boofcv": "BoofCV 1.1.7", "java": "pure Java (1 thread)",
         "convolveOp": "ConvolveOp (1 thread)"}

rows = defaultdict(dict)  # (kernel, threads) -> implementation -> (ms, error, pixels)
for r in json.load(open(sys.argv[1])):
    kernel, impl = r["benchmark"].rsplit(".", 1)[1].split("_", 1)
    p = r["params"]
    pixels = int(p["width"]) * int(p["height"])
    m = r["primaryMetric"]
    rows[(kernel, int(p["threads"]))][impl] = (m["score"], m["scoreError"], pixels)

print("ImageBenchmark, 3840x2160 RGB (grey for sobel): ms/op, MPixel/s of the input, time / mymodule's")
verdicts = []
for (kernel, threads), impls in sorted(rows.items()):
    print(f"{kernel}, {threads} thread(s)")
    base = impls.get("native")
    for impl in ("native", "opencv", "boofcv", "java", "convolveOp"):
        if impl not in impls:
            continue
        ms, err, pixels = impls[impl]
        ratio = f"{ms / base[0]:6.2f}" if base else "     -"
        err_text = f"{err:.2f}" if isinstance(err, (int, float)) and err == err else "n/a"  # "NaN" in smoke runs
        print(f"  {NAMES[impl]:24s} {ms:10.2f} ± {err_text:>6s} ms {pixels / ms / 1e3:9.1f} MPixel/s  {ratio}")
    if base and "opencv" in impls:
        r = base[0] / impls["opencv"][0]
        verdicts.append(f"{kernel} {threads}T: mymodule / OpenCV = {r:.2f} (target <= 1.0: {'met' if r <= 1.0 else 'NOT met'})")
    if base and "boofcv" in impls:
        r = impls["boofcv"][0] / base[0]
        verdicts.append(f"{kernel} {threads}T: BoofCV / mymodule = {r:.1f} (target >= 5: {'met' if r >= 5 else 'NOT met'})")
    if base and "java" in impls:
        r = impls["java"][0] / base[0]
        verdicts.append(f"{kernel} {threads}T: pure Java / mymodule = {r:.1f} (target >= 5: {'met' if r >= 5 else 'NOT met'})")
print("Targets")
for v in verdicts:
    print("  " + v)
