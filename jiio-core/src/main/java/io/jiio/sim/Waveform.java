package io.jiio.sim;

import java.util.List;

/** What the simulated ADC's voltage channels carry (its {@code waveform} attribute). */
enum Waveform {
    SINE,
    SQUARE,
    TRIANGLE,
    /** Sample n of the channel with scan index k holds (n + k) mod 2^bits: loss and repeats show. */
    COUNTER,
    /** The samples {@code sim-dac} is playing, like a transceiver's digital loopback. */
    LOOPBACK,
    /**
     * The stand-in for hardware DMA in benchmarks: each block is written once, with the counter's
     * samples, when the device first fills it after enable, and is then handed back as it is (the samples and
     * the timestamp channel of that first fill; the block's own timestamp is fresh every time).
     * The simulator then spends no CPU per byte, so a benchmark measures the engine and the
     * consumer rather than the generator.
     */
    STATIC;

    static final List<String> NAMES = List.of("sine", "square", "triangle", "counter", "loopback", "static");

    String attrValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Waveform of(String attrValue) {
        return valueOf(attrValue.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether samples come from one precomputed period ({@link #periodic}). */
    boolean isPeriodic() {
        return this == SINE || this == SQUARE || this == TRIANGLE;
    }

    /**
     * One period of this periodic waveform, full scale for {@code bits}: sample i of
     * {@code period}, for a channel shifted by a quarter period per scan index.
     */
    long periodic(long i, long period, int bits, boolean signed) {
        long amplitude = (1L << (bits - 1)) - 1;
        double phase = (double) Math.floorMod(i, period) / period;
        double unit = switch (this) {
            case SINE -> Math.sin(2 * Math.PI * phase);
            case SQUARE -> phase < 0.5 ? 1.0 : -1.0;
            case TRIANGLE -> phase < 0.25 ? 4 * phase : phase < 0.75 ? 2 - 4 * phase : 4 * phase - 4;
            default -> throw new IllegalStateException(this + " is not periodic");
        };
        long v = Math.round(unit * amplitude);
        return signed ? v : v + amplitude + 1;
    }
}
