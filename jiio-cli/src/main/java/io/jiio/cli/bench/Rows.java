package io.jiio.cli.bench;

import java.util.List;

/** The results of one {@code jiio bench} run, as plain records the formats print. */
public final class Rows {
    private Rows() {
    }

    /**
     * One consumer mode at one block size, against the read limit of that size (same run): one
     * segment read again and again, and as many as a capture circulates, read in turn (the same
     * cache footprint as the capture).
     *
     * @param mode                             the {@link CaptureMode#label()}
     * @param blockBytes                       bytes per block
     * @param bytesPerSecond                   the consumer's rate
     * @param readLimitBytesPerSecond          reading one segment of that size again and again
     * @param rotatingReadLimitBytesPerSecond  reading as many segments as the capture circulates, in turn
     */
    public record Capture(String mode, long blockBytes, double bytesPerSecond, double readLimitBytesPerSecond,
                          double rotatingReadLimitBytesPerSecond) {
        /** {@return the rate as a fraction of the read limit (the target), 0 when unmeasured} */
        public double fractionOfReadLimit() {
            return readLimitBytesPerSecond > 0 ? bytesPerSecond / readLimitBytesPerSecond : 0;
        }

        /** {@return the rate as a fraction of the rotating read limit, 0 when unmeasured} */
        public double fractionOfRotatingReadLimit() {
            return rotatingReadLimitBytesPerSecond > 0 ? bytesPerSecond / rotatingReadLimitBytesPerSecond : 0;
        }
    }

    /**
     * One network path. {@code status} is {@value #OK} when measured, else why not (then the
     * rate is 0): "n/a (not available)", "not installed", or the failure.
     *
     * @param name                 what was measured, e.g. {@code jiio client (binary)}
     * @param status               {@value #OK}, or why there is no figure
     * @param bytesPerSecond       the path's rate
     * @param rawTcpBytesPerSecond raw loopback TCP measured beside it
     */
    public record Net(String name, String status, double bytesPerSecond, double rawTcpBytesPerSecond) {
        /** The status of a row that was measured. */
        public static final String OK = "ok";

        /** {@return whether the row has a figure} */
        public boolean measured() {
            return OK.equals(status);
        }

        /** {@return the rate as a fraction of raw TCP, 0 when unmeasured} */
        public double fractionOfRawTcp() {
            return measured() && rawTcpBytesPerSecond > 0 ? bytesPerSecond / rawTcpBytesPerSecond : 0;
        }
    }

    /**
     * A block-cycle setup: untimed rate, then per-cycle latency percentiles in ns.
     *
     * @param name            the setup's label
     * @param cyclesPerSecond the untimed rate
     * @param samples         cycles timed for the percentiles
     * @param p50Ns           median latency of a cycle
     * @param p99Ns           99th percentile
     * @param p999Ns          99.9th percentile
     * @param maxNs           the slowest cycle
     */
    public record Cycle(String name, double cyclesPerSecond, long samples, long p50Ns, long p99Ns, long p999Ns,
                        long maxNs) {
        /** {@return the mean time of a cycle in ns, from the untimed rate; 0 when unmeasured} */
        public double nsPerCycle() {
            return cyclesPerSecond > 0 ? 1e9 / cyclesPerSecond : 0;
        }
    }

    /**
     * One way of recording to a file, against fio's O_DIRECT io_uring rate in the same run;
     * {@code status} as for {@link Net}.
     *
     * @param name              the way, e.g. {@code jiio record: io_uring, registered buffers, O_DIRECT}
     * @param status            {@link Net#OK}, or why there is no figure
     * @param bytesPerSecond    the rate to the file
     * @param cpuSecondsPerGb   the process's CPU time (fio's, for fio) per GB written
     * @param fioBytesPerSecond fio's rate in the same run, 0 when fio is missing
     */
    public record Record(String name, String status, double bytesPerSecond, double cpuSecondsPerGb,
                         double fioBytesPerSecond) {
        /** {@return the rate as a fraction of fio's, 0 when either is missing} */
        public double fractionOfFio() {
            return Net.OK.equals(status) && fioBytesPerSecond > 0 ? bytesPerSecond / fioBytesPerSecond : 0;
        }
    }

    /**
     * One of the targets: the goal, jiio's figure in this run, and whether it is met.
     *
     * @param name   the target
     * @param goal   what it asks, e.g. {@code >= 90% of the read limit}
     * @param figure what this run measured, or why nothing was
     * @param met    whether it is met; {@code null} when not measured
     */
    public record Target(String name, String goal, String figure, Boolean met) {
    }

    /**
     * What the figures were measured on.
     *
     * @param cpus   available processors
     * @param cpu    the CPU's model name (the architecture where /proc/cpuinfo does not say)
     * @param kernel the OS and its version, e.g. {@code Linux 6.8.0}
     * @param jdk    the JVM's vendor and the runtime's version
     */
    public record Machine(int cpus, String cpu, String kernel, String jdk) {
    }

    /**
     * Everything one run printed.
     *
     * @param machine       what it ran on
     * @param durationMs    measured time per figure
     * @param sizes         the capture block sizes
     * @param netBlockBytes the network rows' block size
     * @param capture       the capture rows
     * @param network       the network rows
     * @param cycles        the block-cycle rows
     * @param record        the recording rows
     * @param targets       the targets judged on the rows
     */
    public record Report(Machine machine, long durationMs, List<Long> sizes, long netBlockBytes,
                         List<Capture> capture, List<Net> network, List<Cycle> cycles, List<Record> record,
                         List<Target> targets) {
    }
}
