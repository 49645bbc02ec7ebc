package io.jiio.cli.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What "consuming" a block means in every benchmark: reading each of its bytes once (as 8-byte
 * words, then the tail). The same loop over a plain in-memory segment is the <em>read limit</em>
 * that capture rates are compared with, so the only difference between the two is the engine.
 */
public final class ReadAll {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private ReadAll() {
    }

    /**
     * Reads every byte of {@code s} once.
     *
     * @param s the memory to read
     * @return a sum of every 8-byte word and tail byte: returned so the JIT cannot drop the reads
     */
    public static long sum(MemorySegment s) {
        long n = s.byteSize();
        long words = n & ~7L;
        long acc = 0;
        for (long i = 0; i < words; i += 8) {
            acc += s.get(WORD, i);
        }
        for (long i = words; i < n; i++) {
            acc += s.get(ValueLayout.JAVA_BYTE, i);
        }
        return acc;
    }
}
