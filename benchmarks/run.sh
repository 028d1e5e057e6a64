#!/bin/bash
# Builds and runs every mymodule benchmark, then prints the tables with their ratios (timed in benchmarks/README.md).
#   bash benchmarks/run.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash benchmarks/run.sh     the same on another JDK
# Needs ../cppbuild/linux-x86_64 (bash cppbuild.sh install) and mymodule-platform in ~/.m2 (mvn install); installs ../reference itself.
set -euo pipefail
cd "$(dirname "$0")"
CPPBUILD=../cppbuild/linux-x86_64
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p target

# The C++ floor: the same header and library, flags like JavaCPP's Builder (portable -march=x86-64).
g++ -std=c++17 -O3 -march=x86-64 -I"$CPPBUILD/include" cpp/sum_bench.cpp -o target/sum_bench \
    -L"$CPPBUILD/lib" -lmymodule -Wl,-rpath,"$(cd "$CPPBUILD/lib" && pwd)"
g++ -std=c++17 -O3 -march=x86-64 -pthread -I"$CPPBUILD/include" cpp/kmeans_bench.cpp -o target/kmeans_bench \
    -L"$CPPBUILD/lib" -lmymodule -Wl,-rpath,"$(cd "$CPPBUILD/lib" && pwd)"
g++ -std=c++17 -O3 -march=x86-64 -pthread -I"$CPPBUILD/include" cpp/nbody_bench.cpp -o target/nbody_bench \
    -L"$CPPBUILD/lib" -lmymodule -Wl,-rpath,"$(cd "$CPPBUILD/lib" && pwd)"

# Only this platform's natives: mymodule-platform lists every platform, and not all of them are in ~/.m2.
# The pure-Java versions the benchmarks time (org.mymodule.reference) first.
mvn -B -q install -f ../reference -DskipTests
mvn -B -q package -Djavacpp.platform=linux-x86_64

# The ratios compare one kernel only if Java (platform jar) and C++ (cppbuild) load the same libmymodule.so.
if [[ $(unzip -p target/benchmarks.jar org/mymodule/linux-x86_64/libmymodule.so | sha256sum) != \
      $(sha256sum < "$CPPBUILD/lib/libmymodule.so") ]]; then
    echo "run.sh: WARNING: libmymodule.so in mymodule-platform differs from $CPPBUILD/lib; reinstall one of them" >&2
fi

# The Vector API baselines need jdk.incubator.vector in every JVM (host and JMH forks: -jvmArgsAppend replaces
# the benchmarks' own @Fork arguments). JDK 24+ warns about JNI and sun.misc.Unsafe (JavaCPP, JMH) unless
# allowed; older JDKs reject those flags.
# A JavaCPP cache of its own, emptied first: the reproducible jars' fixed timestamps leave the default
# cache (~/.javacpp/cache/benchmarks.jar) comparing sizes only, and it once served a stale libjnimymodule.so.
rm -rf target/javacpp-cache
FLAGS=(--add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.cachedir="$PWD/target/javacpp-cache")
if (( $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p') >= 24 )); then
    FLAGS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi

# One after the other, never together: on 2 cores they would disturb each other.
# -foe: a benchmark or fork that fails (seen: the JDK upgraded under the running JVM) fails the script.
"$JAVA" ${FLAGS[@]+"${FLAGS[@]}"} -jar target/benchmarks.jar -e KMeansBenchmark -e ImageBenchmark -f 1 -wi 2 -w 1s -i 5 -r 1s -foe true \
    -rf json -rff target/jmh.json ${FLAGS[@]+-jvmArgsAppend "${FLAGS[*]}"}
# k-means: a Java or Smile fit takes seconds, so fewer iterations (each at least one whole fit).
"$JAVA" ${FLAGS[@]+"${FLAGS[@]}"} -jar target/benchmarks.jar KMeansBenchmark -f 1 -wi 1 -w 1s -i 3 -r 1s -foe true \
    -rf json -rff target/jmh-kmeans.json ${FLAGS[@]+-jvmArgsAppend "${FLAGS[*]}"}
target/sum_bench | tee target/cpp.txt
MYMODULE_SIMD=baseline target/sum_bench | tee target/cpp-baseline.txt
target/nbody_bench | tee target/nbody.txt    # FP32 FMA peak, NBody steps from C++
python3 summarize.py target/jmh.json target/cpp.txt target/cpp-baseline.txt target/nbody.txt | tee target/summary.txt
{ target/kmeans_bench 200000 16 32 1; target/kmeans_bench 200000 16 32 2; } | tee target/kmeans.txt
python3 kmeans_summary.py target/jmh-kmeans.json target/kmeans.txt | tee -a target/summary.txt
# Smile's inertia within 1% of ours (GPL-3.0 code: checked here, never in the module's tests).
"$JAVA" ${FLAGS[@]+"${FLAGS[@]}"} -cp target/benchmarks.jar org.mymodule.benchmarks.KMeansAgreement | tee -a target/summary.txt
# Whole 4K images: a few iterations of each kernel, 1 and 2 threads (about 6 minutes).
"$JAVA" ${FLAGS[@]+"${FLAGS[@]}"} -jar target/benchmarks.jar ImageBenchmark -f 1 -wi 1 -w 2s -i 3 -r 2s -foe true \
    -rf json -rff target/jmh-image.json ${FLAGS[@]+-jvmArgsAppend "${FLAGS[*]}"}
python3 image_summary.py target/jmh-image.json | tee -a target/summary.txt
