#!/usr/bin/env bash
# Ravel vs PyTorch, DJL (PyTorch engine) and ND4J on the standard workloads, measured back to back
# on this machine, printed as one table per workload. See benchmarks/README.md.
# W1-W3 are timed in Ravel, DJL and ND4J; W4-W11 in Ravel only, each row with its goal on
# Ravel/PyTorch and PASS/FAIL.
#
#   benchmarks/ratios.sh                   # W1-W11, full JMH settings (about 13 minutes)
#   benchmarks/ratios.sh --quick           # smoke test: 1 short fork per case, noisy numbers
#   benchmarks/ratios.sh --workloads W4-W11
#   benchmarks/ratios.sh --workloads W1 --libs ravel,nd4j --no-torch
#
# Options:
#   --workloads W1,W5-W7   which workloads: ids and ranges, or all (default all = W1-W11)
#   --libs ravel,djl,nd4j  which Java libraries JMH times on W1-W3 (W4-W11: Ravel only)
#   --quick                W1-W3: JMH -f 1 -wi 1 -w 300ms -i 2 -r 300ms; W4-W11: -f 1 -wi 1 -w 10s
#                          -i 2 -r 1s (their Java code needs C2 first); torch --seconds 0.3
#   --threads N            threads for every library (default 2)
#   --no-torch             skip torch_reference.py
#   --no-check             skip CrossCheck (all three libraries in one JVM, results compared)
#   --rebuild              rebuild the jar even if it looks up to date
#   --out DIR              where results go (default benchmarks/target/ratios/<timestamp>)
#   -- ARGS                anything after -- goes to JMH as is (e.g. -- -f 2 -i 10)
#
# Environment: JAVA (a JDK 25 java; default the toolchain's /usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
# PYTHON (a python3 with torch; default /usr/bin/python3), TORCH_REFERENCE (default
# ../shared/bench/torch_reference.py next to the repository).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

workloads="all"
libs="ravel,djl,nd4j"
quick=0
threads=2
run_torch=1
run_check=1
rebuild=0
out=""
jmh_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workloads) workloads="$2"; shift 2 ;;
    --libs) libs="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --threads) threads="$2"; shift 2 ;;
    --no-torch) run_torch=0; shift ;;
    --no-check) run_check=0; shift ;;
    --rebuild) rebuild=1; shift ;;
    --out) out="$2"; shift 2 ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "ratios.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
if [[ ! -x "$java" ]]; then
  java="$(command -v java || true)"
fi
if [[ -z "$java" ]] || ! "$java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
  echo "ratios.sh: need a JDK 25 java: set JAVA=/path/to/jdk-25/bin/java" >&2
  exit 1
fi
python="${PYTHON:-/usr/bin/python3}"
torch_ref="${TORCH_REFERENCE:-$root/../shared/bench/torch_reference.py}"
jar="$here/target/benchmarks.jar"
workloads="$("$python" "$here/ratios.py" expand "$workloads")"   # W1,W2,...; fails on an unknown workload
# JMH include regexes, per group: W1-W3 (Ravel, DJL, ND4J; a lib parameter) and W4-W11 (Ravel only).
peers_txt="$("$python" "$here/ratios.py" includes "$workloads" --group peers)"
ravel_txt="$("$python" "$here/ratios.py" includes "$workloads" --group ravel)"

# ---- build if needed: the jar is older than any source or pom it is made of ----
if [[ $rebuild == 1 || ! -f "$jar" ]] || [[ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src" \
      "$root"/{tensor-core,autograd,nn,optim}/pom.xml "$root"/{tensor-core,autograd,nn,optim}/src/main \
      -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  ./mvnw -q -B -pl benchmarks -am package -DskipTests
fi

stamp="$(date +%Y%m%d-%H%M%S)"
out="${out:-$here/target/ratios/$stamp}"
mkdir -p "$out"
# Every library's OpenMP / BLAS pool (the benchmarks also set their thread counts through each API).
export OMP_NUM_THREADS="$threads"
flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow
       -Dbench.threads="$threads" -Dai.djl.offline=true -Dorg.nd4j.versioncheck=false
       -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)

{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$java" -version 2>&1 | head -1)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "workloads: $workloads; libs: $libs; threads: $threads; quick: $quick"
  # OpenBLAS settings from the environment change PyTorch's (and ND4J's) numbers: OPENBLAS_CORETYPE=Haswell
  # on an AVX-512 machine runs its AVX2 kernels (PyTorch W1 n=1024 185 against 297 GFLOP/s unset)
  echo "openblas environment: $(env | grep '^OPENBLAS_' | tr '\n' ' ')"
} | tee "$out/env.txt"

# ---- cross-check: the three libraries in one JVM, same inputs, results compared with Ravel's ----
if [[ $run_check == 1 && -n "$peers_txt" ]]; then
  echo "== cross-check (one JVM, one classpath)"
  "$java" "${flags[@]}" -cp "$jar" dev.ravel.benchmarks.CrossCheck "$workloads" "$libs" 2>&1 | tee "$out/crosscheck.txt" \
    | grep -v '^WARNING: Using incubator modules'
fi

# ---- JMH: W1-W3 (lib parameter: one fork per library), then W4-W11 (Ravel only) ----
# run_jmh NAME INCLUDES [JMH ARGS...]: results in $out/NAME.json, log in $out/NAME.log; -- ARGS go to both runs
jmh_jsons=()
run_jmh() {
  local name="$1" includes_txt="$2"; shift 2
  local -a includes args
  mapfile -t includes <<< "$includes_txt"
  args=("${includes[@]}" -rf json -rff "$out/$name.json" "$@")
  if [[ $threads != 2 ]]; then
    args+=(-jvmArgsPrepend "-Dbench.threads=$threads")
  fi
  echo "== JMH ($name): ${args[*]} ${jmh_extra[*]:-}"
  "$java" --sun-misc-unsafe-memory-access=allow -jar "$jar" "${args[@]}" "${jmh_extra[@]}" > "$out/$name.log" 2>&1 || {
    echo "ratios.sh: JMH failed, see $out/$name.log" >&2; tail -30 "$out/$name.log" >&2; exit 1; }
  grep -E '^\[bench\]|^# Run complete' "$out/$name.log" | sort -u || true
  jmh_jsons+=(--jmh "$out/$name.json")
}
if [[ -n "$peers_txt" ]]; then
  quick_args=()
  [[ $quick == 1 ]] && quick_args=(-f 1 -wi 1 -w 300ms -i 2 -r 300ms)
  run_jmh jmh "$peers_txt" -p "lib=$libs" "${quick_args[@]}"
fi
if [[ -n "$ravel_txt" ]]; then
  # Whole training steps and tiny ops run interpreted (and the Vector API boxed) until C2 compiles
  # them: 300 ms of warm-up times the interpreter, tens of times slower. 10 s reaches steady state.
  quick_args=()
  [[ $quick == 1 ]] && quick_args=(-f 1 -wi 1 -w 10s -i 2 -r 1s)
  run_jmh jmh-ravel "$ravel_txt" "${quick_args[@]}"
fi

# ---- PyTorch, right after, on the same machine ----
torch_json=""
if [[ $run_torch == 1 ]]; then
  echo "== PyTorch: $torch_ref"
  torch_args=(--threads "$threads" --only "$workloads" --json "$out/torch.json")
  if [[ $quick == 1 ]]; then
    torch_args+=(--seconds 0.3)
  fi
  "$python" "$torch_ref" "${torch_args[@]}" 2>&1 | tee "$out/torch.log"
  torch_json="$out/torch.json"
fi

# ---- the table ----
echo
table_args=(table "${jmh_jsons[@]}" --workloads "$workloads" --json "$out/ratios.json")
[[ -n "$torch_json" ]] && table_args+=(--torch "$torch_json")
[[ $quick == 1 ]] && table_args+=(--quick)
"$python" "$here/ratios.py" "${table_args[@]}" | tee "$out/table.txt"
echo "results: $out"
