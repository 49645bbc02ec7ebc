# Sourced by bin/jiio and bin/dist: builds jiio with Maven, saying what it is doing.
#
#   jiio_build ROOT     # mvn -B -DskipTests -pl jiio-cli -am package in ROOT (what the command line needs); one stderr line per module
#
# The javadoc and sources jars are skipped (the launcher needs neither, and javadoc alone would add
# ~20 s to every rebuild); doclint, part of compiling, still runs.

jiio_build() {
    local root="$1" log status
    if ! command -v mvn >/dev/null; then
        echo "jiio: building jiio needs Maven (mvn), which is not installed: apt-get install maven" >&2
        return 1
    fi
    echo "jiio: building with Maven (mvn -B -DskipTests -pl jiio-cli -am package, no javadoc; the first build downloads dependencies) ..." >&2
    log=$(mktemp)
    # Maven's own "Building jiio-core ... [2/9]" lines, shortened, so a first build is not silent.
    set +e
    (cd "$root" && mvn -B -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
        -pl jiio-cli -am package) 2>&1 | tee "$log" \
        | sed -un 's/^\[INFO\] Building \(jiio[^ ]*\) [^ ]* *\(\[[0-9]*\/[0-9]*\]\)$/jiio:   \1 \2/p' >&2
    status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ]; then
        grep -E '^\[ERROR\]' "$log" | head -40 >&2
        echo "jiio: the build failed (full log: $log)" >&2
        return 1
    fi
    rm -f "$log"
}
