package io.jiio.cli.bench;

/**
 * Where checksums go so the JIT must compute them: a volatile write costs one store per
 * measurement, not per byte. (JMH has its own; this is for the harness.)
 */
final class Blackhole {
    @SuppressWarnings("unused")
    private static volatile long sink;

    private Blackhole() {
    }

    static void consume(long v) {
        sink = v;
    }
}
