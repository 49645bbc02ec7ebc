package io.jiio.cli.bench;

import java.util.List;
import java.util.Locale;

/** The human-readable report: one table per scenario, then the targets. */
public final class TableFormat {
    private TableFormat() {
    }

    /**
     * Formats a report for a terminal.
     *
     * @param r the report
     * @return the tables, lines ending in the platform's line separator
     */
    public static String of(Rows.Report r) {
        StringBuilder sb = new StringBuilder();
        Rows.Machine m = r.machine();
        sb.append(String.format(Locale.ROOT, "jiio bench: %d CPUs (%s), kernel %s, JDK %s; %d ms per figure%n",
                m.cpus(), m.cpu(), m.kernel(), m.jdk(), r.durationMs()));
        if (!r.capture().isEmpty()) {
            capture(sb, r);
        }
        if (!r.network().isEmpty()) {
            network(sb, r);
        }
        if (!r.cycles().isEmpty()) {
            cycles(sb, r.cycles());
        }
        if (!r.record().isEmpty()) {
            record(sb, r.record());
        }
        if (!r.targets().isEmpty()) {
            targets(sb, r.targets());
        }
        return sb.toString();
    }

    private static void capture(StringBuilder sb, Rows.Report r) {
        List<String> modes = r.capture().stream().map(Rows.Capture::mode).distinct().toList();
        sb.append(String.format(Locale.ROOT, "%nCapture: unthrottled static sim-adc -> one consumer reading every byte;"
                + "%nGB/s (fraction of the read limit: a plain read of a same-size in-memory segment)."
                + "%n4-block limit: the same read over %d segments in turn, a capture's cache footprint%n",
                CaptureMode.BLOCKS));
        sb.append(String.format(Locale.ROOT, "%-10s %10s %13s", "block", "read limit", "4-block limit"));
        for (String mode : modes) {
            sb.append(String.format(Locale.ROOT, " %16s", mode));
        }
        sb.append(System.lineSeparator());
        for (long size : r.sizes()) {
            List<Rows.Capture> row = r.capture().stream().filter(c -> c.blockBytes() == size).toList();
            if (row.isEmpty()) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-10s %10s %13s", Format.size(size),
                    Format.gbps(row.getFirst().readLimitBytesPerSecond()),
                    Format.gbps(row.getFirst().rotatingReadLimitBytesPerSecond())));
            for (String mode : modes) {
                String cell = row.stream().filter(c -> c.mode().equals(mode)).findFirst()
                        .map(c -> Format.gbps(c.bytesPerSecond()) + " (" + pct(c.fractionOfReadLimit()) + ")")
                        .orElse("-");
                sb.append(String.format(Locale.ROOT, " %16s", cell));
            }
            sb.append(System.lineSeparator());
        }
    }

    private static void network(StringBuilder sb, Rows.Report r) {
        sb.append(String.format(Locale.ROOT, "%nNetwork: sim-adc over 127.0.0.1, %s blocks; GB/s (fraction of raw TCP)%n",
                Format.size(r.netBlockBytes())));
        sb.append(String.format(Locale.ROOT, "%-40s %8s %10s  %s%n", "path", "GB/s", "of raw TCP", "status"));
        for (Rows.Net n : r.network()) {
            sb.append(String.format(Locale.ROOT, "%-40s %8s %10s  %s%n", n.name(),
                    n.measured() ? Format.gbps(n.bytesPerSecond()) : "-",
                    n.measured() ? pct(n.fractionOfRawTcp()) : "-", n.status()));
        }
    }

    private static void record(StringBuilder sb, List<Rows.Record> rows) {
        sb.append(System.lineSeparator()).append("recording (unthrottled static sim to a file; fio in the same run)")
                .append(System.lineSeparator());
        for (Rows.Record r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-60s %s%n", r.name(), Rows.Net.OK.equals(r.status())
                    ? String.format(Locale.ROOT, "%6.2f GB/s  %5.0f%% of fio  %5.2f CPU s/GB", r.bytesPerSecond() / 1e9,
                    100 * r.fractionOfFio(), r.cpuSecondsPerGb()) : r.status()));
        }
    }

    private static void cycles(StringBuilder sb, List<Rows.Cycle> cycles) {
        sb.append(String.format(Locale.ROOT, "%nBlock cycle (dequeue + enqueue): untimed rate; latency of timed cycles, ns%n"));
        String label = "%-" + width(42, cycles.stream().map(Rows.Cycle::name).toList()) + "s";
        sb.append(String.format(Locale.ROOT, label + " %10s %8s %7s %7s %7s %9s%n",
                "setup", "M cycles/s", "ns/cycle", "p50", "p99", "p99.9", "max"));
        for (Rows.Cycle c : cycles) {
            sb.append(String.format(Locale.ROOT, label + " %10.2f %8.0f %7d %7d %7d %9d%n", c.name(),
                    c.cyclesPerSecond() / 1e6, c.nsPerCycle(), c.p50Ns(), c.p99Ns(), c.p999Ns(), c.maxNs()));
        }
    }

    private static void targets(StringBuilder sb, List<Rows.Target> targets) {
        sb.append(String.format(Locale.ROOT, "%nTargets%n"));
        String row = "%-" + width(40, targets.stream().map(Rows.Target::name).toList()) + "s %-28s %-14s %s%n";
        sb.append(String.format(Locale.ROOT, row, "target", "goal", "this run", "met"));
        for (Rows.Target t : targets) {
            sb.append(String.format(Locale.ROOT, row, t.name(), t.goal(), t.figure(),
                    t.met() == null ? "-" : t.met() ? "yes" : "NO"));
        }
    }

    /** A label column's width: {@code least}, or the longest label when that is longer. */
    private static int width(int least, List<String> labels) {
        return labels.stream().mapToInt(String::length).reduce(least, Math::max);
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }
}
