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
     */
    public record Capture(String mode, long blockBytes, double bytesPerSecond, double readLimitBytesPerSecond,
                          double rotatingReadLimitBytesPerSecond) {
        public double fractionOfReadLimit() {
            return readLimitBytesPerSecond > 0 ? bytesPerSecond / readLimitBytesPerSecond : 0;
        }

        public double fractionOfRotatingReadLimit() {
            return rotatingReadLimitBytesPerSecond > 0 ? bytesPerSecond / rotatingReadLimitBytesPerSecond : 0;
        }
    }

    /**
     * One network path. {@code status} is {@value #OK} when measured, else why not (then the
     * rate is 0): "n/a (not available)", "not installed", or the failure.
     */
    public record Net(String name, String status, double bytesPerSecond, double rawTcpBytesPerSecond) {
        public static final String OK = "ok";

        public boolean measured() {
            return OK.equals(status);
        }

        public double fractionOfRawTcp() {
            return measured() && rawTcpBytesPerSecond > 0 ? bytesPerSecond / rawTcpBytesPerSecond : 0;
        }
    }

    /** A block-cycle setup: untimed rate, then per-cycle latency percentiles in ns. */
    public record Cycle(String name, double cyclesPerSecond, long samples, long p50Ns, long p99Ns, long p999Ns,
                        long maxNs) {
        public double nsPerCycle() {
            return cyclesPerSecond > 0 ? 1e9 / cyclesPerSecond : 0;
        }
    }

    /**
     * One way of recording to a file, against fio's O_DIRECT io_uring rate in the same run;
     * {@code status} as for {@link Net}.
     */
    public record Record(String name, String status, double bytesPerSecond, double cpuSecondsPerGb,
                         double fioBytesPerSecond) {
        public double fractionOfFio() {
            return Net.OK.equals(status) && fioBytesPerSecond > 0 ? bytesPerSecond / fioBytesPerSecond : 0;
        }
    }

    /** One of the targets: the goal, jiio's figure in this run, and whether it is met. */
    public record Target(String name, String goal, String figure, Boolean met) {
    }

    /** What the figures were measured on. */
    public record Machine(int cpus, String cpu, String kernel, String jdk) {
    }

    /** Everything one run printed. */
    public record Report(Machine machine, long durationMs, List<Long> sizes, long netBlockBytes,
                         List<Capture> capture, List<Net> network, List<Cycle> cycles, List<Record> record,
                         List<Target> targets) {
    }
}
