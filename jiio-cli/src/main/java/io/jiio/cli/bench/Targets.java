package io.jiio.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets, judged on one run's figures (all ratios within the run, since the machine's
 * speed drifts). A target whose figures were not measured says so instead of passing or failing.
 */
public final class Targets {
    static final long MIB = 1 << 20;

    private Targets() {
    }

    /**
     * Judges the capture, network and block-cycle targets.
     *
     * @param capture the capture rows (the targets are judged at 1 MiB, or the largest size measured)
     * @param network the network rows
     * @param cycles  the block-cycle rows
     * @return one row per target, "not measured" where its figures are missing
     */
    public static List<Rows.Target> of(List<Rows.Capture> capture, List<Rows.Net> network, List<Rows.Cycle> cycles) {
        List<Rows.Target> t = new ArrayList<>();
        long size = capture.stream().anyMatch(c -> c.blockBytes() == MIB) ? MIB
                : capture.stream().mapToLong(Rows.Capture::blockBytes).max().orElse(0);
        String at = " at " + Format.size(size);
        for (String mode : List.of("block", "dmabuf")) {
            Optional<Rows.Capture> c = find(capture, mode, size);
            t.add(c.map(x -> judge("zero-copy capture (" + mode + ")" + at, ">= 90% of the read limit",
                            x.fractionOfReadLimit(), 0.90, pct(x.fractionOfReadLimit())))
                    .orElse(missing("zero-copy capture (" + mode + ")", ">= 90% of the read limit")));
        }
        Optional<Rows.Capture> fileio = find(capture, "fileio", size);
        for (String mode : List.of("block", "dmabuf")) {
            Optional<Rows.Capture> c = find(capture, mode, size);
            if (c.isPresent() && fileio.isPresent() && fileio.get().bytesPerSecond() > 0) {
                double r = c.get().bytesPerSecond() / fileio.get().bytesPerSecond();
                t.add(judge(mode + " vs fileio" + at, ">= 2x", r, 2.0, ratio(r)));
            } else {
                t.add(missing(mode + " vs fileio", ">= 2x"));
            }
        }
        // The hand-off's targets at each block size measured (zero-copy block mode against the read limit).
        for (long[] goal : new long[][] {{4096, 25}, {64 * 1024, 75}, {MIB, 90}}) {
            Optional<Rows.Capture> c = find(capture, "block", goal[0]);
            String name = "zero-copy capture (block) at " + Format.size(goal[0]);
            String want = ">= " + goal[1] + "% of the read limit";
            if (goal[0] != size) {
                t.add(c.map(x -> judge(name, want, x.fractionOfReadLimit(), goal[1] / 100.0,
                                pct(x.fractionOfReadLimit())))
                        .orElse(missing(name, want)));
            }
        }
        Optional<Rows.Cycle> one = find(cycles, CycleBench.ONE_THREAD);
        t.add(one.map(c -> new Rows.Target("block cycle, 1 thread", "<= 100 ns",
                        String.format(Locale.ROOT, "%.0f ns", c.nsPerCycle()), c.nsPerCycle() <= 100))
                .orElse(missing("block cycle, 1 thread", "<= 100 ns")));
        Optional<Rows.Cycle> spin = find(cycles, CycleBench.TWO_THREADS + "busy-spin");
        t.add(spin.map(c -> judge("block cycles, 2 threads, busy-spin", ">= 5 M/s", c.cyclesPerSecond(), 5e6,
                        String.format(Locale.ROOT, "%.2f M/s", c.cyclesPerSecond() / 1e6)))
                .orElse(missing("block cycles, 2 threads, busy-spin", ">= 5 M/s")));
        t.add(spin.map(c -> new Rows.Target("cycle p99, 2 threads, busy-spin", "<= 2 us",
                        String.format(Locale.ROOT, "%.2f us", c.p99Ns() / 1e3), c.p99Ns() <= 2000))
                .orElse(missing("cycle p99, 2 threads, busy-spin", "<= 2 us")));
        Optional<Rows.Cycle> blocking = find(cycles, CycleBench.TWO_THREADS + "blocking)");
        t.add(blocking.map(c -> judge("block cycles, 2 threads, blocking", ">= 1 M/s", c.cyclesPerSecond(), 1e6,
                        String.format(Locale.ROOT, "%.2f M/s", c.cyclesPerSecond() / 1e6)))
                .orElse(missing("block cycles, 2 threads, blocking", ">= 1 M/s")));
        Optional<Rows.Cycle> deep = find(cycles, CycleBench.BLOCKING_DEEP);
        t.add(deep.map(c -> judge("block cycles, 2 threads, blocking, 64 blocks", ">= 1 M/s", c.cyclesPerSecond(),
                        1e6, String.format(Locale.ROOT, "%.2f M/s", c.cyclesPerSecond() / 1e6)))
                .orElse(missing("block cycles, 2 threads, blocking, 64 blocks", ">= 1 M/s")));
        Optional<Rows.Net> readdev = network.stream()
                .filter(n -> n.name().startsWith(IioReaddev.TOOL) && n.measured()).findFirst();
        for (String protocol : List.of("text", "binary")) {
            String label = "network (" + protocol + ")";
            Optional<Rows.Net> jiio = network.stream()
                    .filter(n -> n.name().startsWith("jiio client") && n.name().contains("(" + protocol + ")")
                            && n.measured())
                    .findFirst();
            t.add(jiio.map(n -> judge(label + " vs raw TCP", ">= 80%", n.fractionOfRawTcp(), 0.80,
                            pct(n.fractionOfRawTcp())))
                    .orElse(missing(label + " vs raw TCP", ">= 80%")));
            if (jiio.isPresent() && readdev.isPresent() && readdev.get().bytesPerSecond() > 0) {
                double r = jiio.get().bytesPerSecond() / readdev.get().bytesPerSecond();
                t.add(judge(label + " vs iio_readdev", ">= 2x", r, 2.0, ratio(r)));
            } else {
                t.add(missing(label + " vs iio_readdev", ">= 2x"));
            }
        }
        // Over a link with latency (--rtt), where the synchronous text protocol loses a round trip
        // per block: what the 2x target is about. Judged only when those rows were measured.
        Optional<Rows.Net> slowBinary = network.stream().filter(n -> n.name().startsWith(Bench.RTT_PREFIX)
                && n.name().contains("jiio client (binary)") && n.measured()).findFirst();
        Optional<Rows.Net> slowReaddev = network.stream().filter(n -> n.name().startsWith(Bench.RTT_PREFIX)
                && n.name().contains(IioReaddev.TOOL) && n.measured()).findFirst();
        if (slowBinary.isPresent() && slowReaddev.isPresent() && slowReaddev.get().bytesPerSecond() > 0) {
            double r = slowBinary.get().bytesPerSecond() / slowReaddev.get().bytesPerSecond();
            String rtt = slowBinary.get().name().substring(0, slowBinary.get().name().indexOf(':'));
            t.add(judge("binary vs iio_readdev, " + rtt, ">= 2x", r, 2.0, ratio(r)));
        }
        return t;
    }

    private static Optional<Rows.Cycle> find(List<Rows.Cycle> cycles, String prefix) {
        return cycles.stream().filter(c -> c.name().startsWith(prefix)).findFirst();
    }

    private static Optional<Rows.Capture> find(List<Rows.Capture> capture, String mode, long size) {
        return capture.stream().filter(c -> c.mode().equals(mode) && c.blockBytes() == size).findFirst();
    }

    private static Rows.Target judge(String name, String goal, double value, double threshold, String figure) {
        return new Rows.Target(name, goal, figure, value >= threshold);
    }

    private static Rows.Target missing(String name, String goal) {
        return new Rows.Target(name, goal, "not measured", null);
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /**
     * Judges the recording targets: at least 90% of fio's O_DIRECT rate, and less CPU per GB than
     * the buffered path.
     *
     * @param rows the recording rows
     * @return one row per target; empty when nothing was recorded
     */
    public static List<Rows.Target> ofRecord(List<Rows.Record> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Optional<Rows.Record> best = rows.stream().filter(r -> r.name().startsWith("jiio record: io_uring")).findFirst();
        Optional<Rows.Record> buffered = rows.stream().filter(r -> r.name().contains("buffered")).findFirst();
        List<Rows.Target> out = new java.util.ArrayList<>();
        out.add(best.map(r -> new Rows.Target("record, io_uring", ">= 90% of fio O_DIRECT",
                        String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfFio()),
                        r.fioBytesPerSecond() > 0 ? r.fractionOfFio() >= 0.9 : null))
                .orElse(new Rows.Target("record, io_uring", ">= 90% of fio O_DIRECT", "io_uring not available", null)));
        if (best.isPresent() && buffered.isPresent()) {
            out.add(new Rows.Target("record CPU", "< buffered's CPU per GB",
                    String.format(Locale.ROOT, "%.2f vs %.2f s/GB", best.get().cpuSecondsPerGb(),
                            buffered.get().cpuSecondsPerGb()),
                    best.get().cpuSecondsPerGb() < buffered.get().cpuSecondsPerGb()));
        }
        return out;
    }
}
