package io.jiio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiio.Errno;
import io.jiio.IioException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ScanFormatProperties {

    @Property
    void parseReadsBackToString(@ForAll("formats") ScanFormat f) {
        assertEquals(f, ScanFormat.parse(f.toString()));
    }

    @Property
    void extractInvertsStore(@ForAll("formats") ScanFormat f, @ForAll long value,
                             @ForAll @IntRange(min = 0, max = 7) int offset) {
        MemorySegment seg = Arena.ofAuto().allocate(offset + f.elementBytes());
        int index = f.repeat() - 1;
        f.store(seg, offset, index, value);
        assertEquals(expected(f, value), f.extract(seg, offset, index));
    }

    /** Decodes random container bytes with BigInteger, independently of the implementation's shifts. */
    @Property
    void extractMatchesAnIndependentDecoding(@ForAll("formats") ScanFormat f, @ForAll byte[] noise) {
        int n = f.storageBytes();
        byte[] raw = new byte[n];
        for (int i = 0; i < n; i++) {
            raw[i] = noise.length == 0 ? (byte) i : noise[i % noise.length];
        }
        MemorySegment seg = MemorySegment.ofArray(raw);
        byte[] bigEndian = new byte[n];
        for (int i = 0; i < n; i++) {
            bigEndian[i] = f.bigEndian() ? raw[i] : raw[n - 1 - i];
        }
        BigInteger container = new BigInteger(1, bigEndian);
        BigInteger sample = container.shiftRight(f.shift()).and(BigInteger.ONE.shiftLeft(f.bits()).subtract(BigInteger.ONE));
        if (f.signed() && sample.testBit(f.bits() - 1)) {
            sample = sample.subtract(BigInteger.ONE.shiftLeft(f.bits()));
        }
        assertEquals(sample.longValue(), f.extract(seg, 0));
    }

    @Property(tries = 2000)
    void arbitraryTextOnlyEverFailsWithEinval(@ForAll String text) {
        checkParse(text);
    }

    @Property(tries = 5000)
    void nearMissTextOnlyEverFailsWithEinval(@ForAll("nearMisses") String text) {
        checkParse(text);
    }

    @Property(tries = 5000)
    void mutatedValidTextOnlyEverFailsWithEinval(@ForAll("mutations") String text) {
        checkParse(text);
    }

    private static void checkParse(String text) {
        ScanFormat f;
        try {
            f = ScanFormat.parse(text);
        } catch (IioException e) {
            assertEquals(Errno.EINVAL, e.errno());
            return;
        }
        assertEquals(f, ScanFormat.parse(f.toString()));
    }

    private static long expected(ScanFormat f, long value) {
        if (f.bits() == 64) {
            return value;
        }
        long m = value & ((1L << f.bits()) - 1);
        boolean negative = f.signed() && (m & (1L << (f.bits() - 1))) != 0;
        return negative ? m - (1L << f.bits()) : m;
    }

    @Provide
    Arbitrary<ScanFormat> formats() {
        return Arbitraries.of(8, 16, 32, 64).flatMap(storage ->
                Arbitraries.integers().between(1, storage).flatMap(bits ->
                        Combinators.combine(
                                Arbitraries.of(true, false),
                                Arbitraries.of(true, false),
                                Arbitraries.of(true, false),
                                Arbitraries.integers().between(0, storage - bits),
                                Arbitraries.oneOf(Arbitraries.integers().between(1, 4),
                                        Arbitraries.integers().between(1, ScanFormat.MAX_REPEAT)))
                                .as((be, signed, fully, shift, repeat) ->
                                        new ScanFormat(be, signed, bits, storage, repeat, shift, fully))));
    }

    @Provide
    Arbitrary<String> nearMisses() {
        Arbitrary<String> tokens = Arbitraries.of("le:", "be:", "s", "u", "S", "U", "X", "/", ">>", ">", ":",
                "0", "1", "8", "12", "16", "32", "64", "99999999999", "-", " ", "x", "\n");
        return tokens.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    /** A valid format's text with one character deleted, replaced or inserted. */
    @Provide
    Arbitrary<String> mutations() {
        return Combinators.combine(
                formats().map(ScanFormat::toString),
                Arbitraries.integers().between(0, 40),
                Arbitraries.of('l', 'e', 'b', ':', 's', 'U', 'X', '/', '>', '0', '7', '9', ' ', '\0', '\u0661'),
                Arbitraries.integers().between(0, 2))
                .as((text, at, c, op) -> {
                    int i = at % (text.length() + 1);
                    StringBuilder b = new StringBuilder(text);
                    if (op == 0 && i < text.length()) {
                        b.deleteCharAt(i);
                    } else if (op == 1 && i < text.length()) {
                        b.setCharAt(i, c);
                    } else {
                        b.insert(i, c);
                    }
                    return b.toString();
                });
    }
}
