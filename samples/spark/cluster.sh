#!/bin/bash
# A real Spark standalone cluster on this machine, from the Maven-resolved Spark jars (no Spark
# download): a master and two workers, each its own JVM bound to 127.0.0.1, then the k-means job
# submitted with SparkSubmit twice, on 1 executor and on 2 executors (one core each, one per worker),
# its output checked ("RESULT: centroids equal single-machine KMeans"), and everything stopped on exit.
#
#   bash samples/spark/cluster.sh [n d k partitions]        (default 300000 8 10 4)
# Env: MVN (default mvn), JAVACPP_CACHEDIR (default ~/.javacpp/cache), SKIP_BUILD=1 to reuse target/.
set -euo pipefail
cd "$(dirname "$0")"
ARGS=("${@:-}")
[[ $# -eq 0 ]] && ARGS=(300000 8 10 4)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CACHE="${JAVACPP_CACHEDIR:-$HOME/.javacpp/cache}"
RUN=target/cluster
T0=$SECONDS

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    ${MVN:-mvn} -B -q package -DskipTests -Djavacpp.platform.host -Dmaven.javadoc.skip=true
fi
JOB_JAR=$(ls target/spark-*.jar | head -1)

# The Worker builds each executor's command line from SPARK_HOME/jars, so SPARK_HOME is a folder
# whose jars/ holds links to the Spark jars Maven resolved (scope provided); the job's own jars
# (mymodule, its natives, JavaCPP) go to the executors through --jars, as on any cluster.
export SPARK_HOME="$PWD/target/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
rm -rf "$SPARK_HOME" "$RUN"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf" "$RUN"
tr ':' '\n' < target/spark.classpath | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
JOB_JARS=$(tr ':' ',' < target/job.classpath)
# The same JVM options Spark's launcher scripts pass (org.apache.spark.launcher.JavaModuleOptions).
OPTS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
      --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
      --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
      --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
      --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
      --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
      --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
      --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
      --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
      --enable-native-access=ALL-UNNAMED)
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"

PIDS=()
stop() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Waits up to $2 seconds for the pattern $3 in log $1 (and fails if the process $4 died).
wait_for() {
    local log=$1 seconds=$2 pattern=$3 pid=$4
    for ((i = 0; i < seconds * 4; i++)); do
        grep -q "$pattern" "$log" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { echo "process $pid died; its log:" >&2; tail -30 "$log" >&2; exit 1; }
        sleep 0.25
    done
    echo "timed out after ${seconds}s waiting for '$pattern' in $log" >&2
    tail -30 "$log" >&2
    exit 1
}

MASTER_PORT=$(free_port)
MASTER=spark://127.0.0.1:$MASTER_PORT
"$JAVA" -cp "$CP" "${OPTS[@]}" -Xmx256m org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$(free_port)" > "$RUN/master.log" 2>&1 &
PIDS+=($!)
wait_for "$RUN/master.log" 60 "I have been elected leader" "${PIDS[0]}"
for w in 1 2; do
    "$JAVA" -cp "$CP" "${OPTS[@]}" -Xmx256m org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory 1g --webui-port "$(free_port)" --work-dir "$PWD/$RUN/work-$w" \
        "$MASTER" > "$RUN/worker-$w.log" 2>&1 &
    PIDS+=($!)
done
wait_for "$RUN/worker-1.log" 60 "Successfully registered with master" "${PIDS[1]}"
wait_for "$RUN/worker-2.log" 60 "Successfully registered with master" "${PIDS[2]}"
echo "master $MASTER and 2 workers (1 core, 1 GiB each) up after $((SECONDS - T0)) s"

submit() {  # $1 = executors (one core each), $2 = main class, then its arguments
    local executors=$1 class=$2 log="$RUN/submit-$1-${2##*.}.log" start=$SECONDS
    shift 2
    timeout 300 "$JAVA" -cp "$CP" "${OPTS[@]}" -Xmx1g org.apache.spark.deploy.SparkSubmit \
        --master "$MASTER" --deploy-mode client --class "$class" \
        --jars "$JOB_JARS" \
        --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
        --conf spark.ui.enabled=false --conf spark.cores.max="$executors" --conf spark.executor.cores=1 \
        --conf spark.executor.memory=768m \
        --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=$CACHE" \
        --conf "spark.driver.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=$CACHE" \
        "$JOB_JAR" "$@" > "$log" 2>&1 || { echo "$class with $executors executor(s) failed:" >&2; tail -40 "$log" >&2; exit 1; }
    grep -E "^(master|spark k-means|single-machine|RESULT|wrote)" "$log" | sed "s/^/  [$executors executor(s)] /"
    echo "  [$executors executor(s)] executors granted: $(grep -c "Granted executor ID" "$log" || true); submit to exit: $((SECONDS - start)) s"
}
KMEANS=org.mymodule.samples.spark.SparkKMeans
submit 1 $KMEANS "${ARGS[@]}"
grep -q "^RESULT: centroids equal" "$RUN/submit-1-SparkKMeans.log" || { echo "unexpected k-means result" >&2; exit 1; }
submit 2 $KMEANS "${ARGS[@]}"
grep -q "^RESULT: centroids equal" "$RUN/submit-2-SparkKMeans.log" || { echo "unexpected k-means result" >&2; exit 1; }
# The image job too, where the installed mymodule has org.mymodule.Images (the job jar then holds SparkImages).
if unzip -l "$JOB_JAR" | grep -q SparkImages.class; then
    submit 2 org.mymodule.samples.spark.SparkImages "$PWD/$RUN/images-in" "$PWD/$RUN/images-out" 2 4
    [[ $(ls "$RUN/images-out"/*.png | wc -l) == 32 ]] || { echo "expected 32 PNGs in $RUN/images-out" >&2; exit 1; }
fi
echo "cluster.sh: OK in $((SECONDS - T0)) s (logs in samples/spark/$RUN)"
