# Sourced by bin/jiio and bin/dist: assembles a runnable jiio folder from a Maven build.
#
#   jiio_assemble ROOT OUT    # ROOT: the checkout (jiio-cli/target holds the build); OUT: the folder
#
# OUT gets lib/ (the jars, their order in lib/classpath, the JDK they run on in lib/java-home),
# bin/jiio (the launcher: any directory, through symlinks, no Maven) and lib/jiio.aot, the JDK's
# ahead-of-time cache of the classes the usual commands load, made by one training run
# (io.jiio.cli.AotTraining). Needs JAVA_HOME set (bin/lib/find-jdk.sh).

jiio_cli_jar() {
    local jar
    for jar in "$1"/jiio-cli/target/jiio-cli-*.jar; do
        case $jar in *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;; esac
        [ -f "$jar" ] && echo "$jar" && return 0
    done
    return 1
}

# The lib/ jars a jar's manifest Class-Path names, one per line (continuation lines joined).
jiio_manifest_jars() {
    local tmp jar
    jar=$(readlink -f -- "$1")
    tmp=$(mktemp -d)
    (cd "$tmp" && "$JAVA_HOME/bin/jar" xf "$jar" META-INF/MANIFEST.MF)
    tr -d '\r' < "$tmp/META-INF/MANIFEST.MF" | awk '
        /^Class-Path:/ { on = 1; cp = substr($0, 13); next }
        on && /^ /     { cp = cp substr($0, 2); next }
                       { on = 0 }
        END            { print cp }' | tr ' ' '\n' | sed -n 's|^lib/||p'
    rm -rf "$tmp"
}

jiio_assemble() {
    local root="$1" out="$2" jar tmp
    jar=$(jiio_cli_jar "$root") || { echo "jiio: no jiio-cli jar in $root/jiio-cli/target (build first)" >&2; return 1; }
    # Built beside the target and swapped in at the end: a launch running meanwhile keeps working.
    tmp="$out.new.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp/bin" "$tmp/lib"
    cp "$jar" "$tmp/lib/"
    # The jars the CLI jar's manifest names (Maven's runtime class path), not every file in
    # target/lib: a jar an older build left there (a dependency since dropped) must not ride along.
    local dep
    for dep in $(jiio_manifest_jars "$jar"); do
        cp "$root/jiio-cli/target/lib/$dep" "$tmp/lib/" || { rm -rf "$tmp"; return 1; }
    done
    cp "$root/bin/lib/find-jdk.sh" "$tmp/bin/"
    cp "$root/LICENSE" "$tmp/"
    (cd "$tmp/lib" && ls -- *.jar | LC_ALL=C sort) > "$tmp/lib/classpath"
    echo "$JAVA_HOME" > "$tmp/lib/java-home"
    jiio_write_launcher "$tmp/bin/jiio"
    rm -rf "$out"
    mv "$tmp" "$out"
    echo "jiio: training the start-up cache (a few seconds, once per build) ..." >&2
    if ! JIIO_AOT_TRAIN=1 "$out/bin/jiio" >/dev/null 2>"$out/lib/aot-training.log"; then
        rm -f "$out/lib/jiio.aot"
        echo "jiio: no start-up cache (see $out/lib/aot-training.log); jiio works, it starts slower" >&2
    fi
}

jiio_write_launcher() {
    cat > "$1" <<'LAUNCHER'
#!/usr/bin/env bash
# jiio, as assembled by bin/dist: runs from any directory and through symlinks, without Maven.
# Uses the JDK it was built with (lib/java-home) when it is still there, else finds a JDK 25.
set -euo pipefail
# One fork before java (readlink): each costs milliseconds, and start-up is what this is about.
SELF=$(readlink -f -- "${BASH_SOURCE[0]}")
HERE=${SELF%/bin/*}
JAVA_HOME=
[ -r "$HERE/lib/java-home" ] && read -r JAVA_HOME < "$HERE/lib/java-home"
if [ -z "$JAVA_HOME" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    JAVA_HOME=
    # shellcheck source=/dev/null
    . "$HERE/bin/find-jdk.sh"
    jiio_find_jdk || exit 1
fi
CP=
while read -r jar; do
    CP="${CP:+$CP:}$HERE/lib/$jar"
done < "$HERE/lib/classpath"
MAIN=io.jiio.cli.Jiio
# The cache only fits the JDK and class path it was made with; on any other it is skipped
# quietly (the logging flags), and jiio starts as it would without one.
AOT=(-XX:AOTCache="$HERE/lib/jiio.aot" -Xlog:aot=off -Xlog:cds=off)
if [ "${JIIO_AOT_TRAIN:-}" = 1 ]; then
    AOT=(-XX:AOTCacheOutput="$HERE/lib/jiio.aot")
    MAIN=io.jiio.cli.AotTraining
elif [ ! -f "$HERE/lib/jiio.aot" ]; then
    AOT=()
fi
exec "$JAVA_HOME/bin/java" "${AOT[@]}" --enable-native-access=ALL-UNNAMED -cp "$CP" "$MAIN" "$@"
LAUNCHER
    chmod +x "$1"
}
