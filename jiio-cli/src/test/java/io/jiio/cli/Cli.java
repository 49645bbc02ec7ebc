package io.jiio.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;

/** Runs jiio in-process, as {@link Jiio#main} would, and keeps what it printed. */
final class Cli {
    /** The sim ADC producing (n + scan index) mod 2^16 as fast as blocks come back. */
    static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";

    /** What one run left behind. */
    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        /** stdout as little-endian int16 samples. */
        ShortBuffer samples() {
            return ByteBuffer.wrap(stdoutBytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", " + stdoutBytes.length + " bytes out, stderr: " + stderr;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(new byte[0], args);
    }

    static Result run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Jiio.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin), args);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with sample bytes going to {@code sink} and stops when {@code stop} is raised. */
    static Result run(Sink sink, StopSignal stop, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Terminal t = new Terminal(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                errStream, sink, Channels.newChannel(new ByteArrayInputStream(new byte[0])), false, false, stop);
        int code = Jiio.run(t, args);
        return new Result(code, new byte[0], err.toString(StandardCharsets.UTF_8));
    }

    /** {@code scans} scans of {@code channels} int16 channels: sample k of scan n is n + k. */
    static byte[] counterScans(int scans, int channels) {
        ByteBuffer b = ByteBuffer.allocate(scans * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < scans; n++) {
            for (int k = 0; k < channels; k++) {
                b.putShort((short) (n + k));
            }
        }
        return b.array();
    }
}
