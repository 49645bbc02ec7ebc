package io.jiio.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run of jiio's ahead-of-time cache (JDK 25: {@code -XX:AOTCacheOutput}): runs the
 * commands people start most — info, attr, a short read and write on the simulator — in one JVM,
 * output discarded, so the cache holds the classes (linked and initialised) and method profiles
 * they need. The distribution's build runs it once; {@code jiio} then starts with
 * {@code -XX:AOTCache}. Fails (exit 1) if any of them does, since a cache trained on an error
 * path would not help.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /**
     * Runs the training commands in this JVM; exits 1 on the first that fails.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        String[][] runs = {
            {"--version"},
            {"info", "-u", "sim:"},
            {"attr", "-u", "sim:", "-c", "sim-adc"},
            {"read", "-u", "sim:sim-adc.waveform=counter", "-s", "100000", "sim-adc", "voltage0", "voltage1"},
            {"read", "-u", "sim:", "-s", "10", "--format", "csv", "--scaled", "sim-adc", "voltage0"},
            {"write", "-u", "sim:sim-dac.sampling_frequency=0", "-s", "1000", "sim-dac", "voltage0"},
        };
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        for (String[] run : runs) {
            // The real process's terminal (stdout a file channel, the stderr check, the signal hook)
            // where the run reads no stdin, so the cache holds what a real start loads; the build
            // sends this process's stdout to /dev/null.
            boolean readsStdin = run[0].equals("write");
            InputStream in = new java.io.ByteArrayInputStream(new byte[1000 * 2]);
            int rc = readsStdin ? Jiio.run(nowhere, System.err, in, run) : Jiio.run(Terminal.system(), run);
            if (rc != ExitCodes.OK) {
                System.err.println("jiio AOT training: '" + String.join(" ", run) + "' exited " + rc);
                System.exit(1);
            }
        }
    }
}
