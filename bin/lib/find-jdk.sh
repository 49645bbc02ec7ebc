# Sourced by bin/jiio, bin/test and .ci scripts: finds the JDK 25 jiio needs.
#
#   . bin/lib/find-jdk.sh
#   jiio_find_jdk || exit 1     # exports JAVA_HOME (and MAVEN_OPTS, see below)
#
# Looks at $JAVA_HOME first, then every /usr/lib/jvm/* in name order, and takes the first whose
# bin/java reports version 25 or newer. The default java on many machines is older, so PATH is
# never trusted.

JIIO_MIN_JAVA=25

# Prints the major version of HOME/bin/java ("25" for 25.0.1, 25-ea; "8" for 1.8.0); fails when
# there is no runnable java there.
jiio_java_major() {
    local java="$1/bin/java" line version
    [ -x "$java" ] || return 1
    line=$("$java" -version 2>&1 | head -n 1) || return 1   # openjdk version "25.0.1" 2025-10-21 LTS
    case $line in *\"*\"*) ;; *) return 1 ;; esac
    version=${line#*\"}
    version=${version%%\"*}
    case $version in 1.*) version=${version#1.} ;; esac
    echo "${version%%[!0-9]*}"
}

jiio_find_jdk() {
    local home major
    for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$home" ] || continue
        major=$(jiio_java_major "$home") || continue
        if [ -n "$major" ] && [ "$major" -ge "$JIIO_MIN_JAVA" ]; then
            export JAVA_HOME="$home"
            # Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
            case " ${MAVEN_OPTS:-} " in
                *" --sun-misc-unsafe-memory-access="*) ;;
                *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
            esac
            return 0
        fi
    done
    {
        echo "jiio needs a JDK $JIIO_MIN_JAVA or newer and found none:"
        echo "  JAVA_HOME=${JAVA_HOME:-(unset)} is not one, nor is any /usr/lib/jvm/*."
        echo "  Install one (e.g. apt-get install temurin-$JIIO_MIN_JAVA-jdk) or set JAVA_HOME to it."
    } >&2
    return 1
}
