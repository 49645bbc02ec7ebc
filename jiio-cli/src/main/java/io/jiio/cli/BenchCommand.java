package io.jiio.cli;

import io.jiio.cli.bench.Bench;
import io.jiio.cli.bench.Format;
import io.jiio.cli.bench.JsonFormat;
import io.jiio.cli.bench.Rows;
import io.jiio.cli.bench.TableFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jiio bench}: the end-to-end harness ({@link Bench}). The report goes to stdout (a table,
 * or JSON with {@code --json}); what is being measured goes to stderr as it runs.
 */
@Command(name = "bench", sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP},
        description = {"Measure jiio end to end and print a table (docs/BENCHMARKS.md explains it).",
                "Captures: the unthrottled static sim-adc to a consumer reading every byte, per mode (block, "
                        + "dmabuf, fileio) and block size, against the read limit (reading a same-size in-memory "
                        + "segment). Network: jiio's client and iio_readdev (if installed) reading a jiio server "
                        + "in this JVM on 127.0.0.1, against raw loopback TCP. Block cycle: dequeue + enqueue rate "
                        + "and latency percentiles in one thread and across two. Then the targets, met or not.",
                "Every ratio compares figures of the same run, so a noisy machine still compares fairly."})
final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_SIZES = "4K,16K,64K,256K,1M,4M";
    static final String QUICK_SIZES = "4K,64K,1M";
    static final long QUICK_DURATION_MS = 200;

    @ParentCommand
    private Jiio jiio;

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "A short run (under a minute): blocks of " + QUICK_SIZES + ", "
            + QUICK_DURATION_MS + " ms per figure, unless --sizes or --duration say otherwise.")
    boolean quick;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Option(names = {"-d", "--duration"}, paramLabel = "MS",
            description = "Measured milliseconds per figure (default 1000; each also warms up for half as long).")
    Long durationMs;

    @Option(names = "--sizes", paramLabel = "LIST",
            description = "Capture block sizes, comma-separated, in bytes or with K/M (default " + DEFAULT_SIZES + ").")
    String sizes;

    @Option(names = "--net-block", paramLabel = "SIZE", defaultValue = "1M",
            description = "Block size of the network rows (default ${DEFAULT-VALUE}); iio_readdev's -b is the same "
                    + "in 16-byte scans.")
    String netBlock;

    @Option(names = "--rtt", paramLabel = "MS", defaultValue = "0",
            description = "Also run the network rows through a relay that adds this round trip, e.g. 1 or 0.5 "
                    + "(a link with latency, where a synchronous protocol loses a round trip per block; "
                    + "default ${DEFAULT-VALUE}: not run).")
    java.math.BigDecimal rttMs;

    @Option(names = "--record-dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}",
            description = "Where the recording rows write (and fio, beside them): a directory on the disk to "
                    + "measure (default: ${DEFAULT-VALUE}; tmpfs measures memory, not a disk).")
    java.nio.file.Path recordDir;

    @Option(names = "--record-size", paramLabel = "SIZE", defaultValue = "1024M",
            description = "How much each recording row (and fio) writes (default ${DEFAULT-VALUE}; --quick: 64M).")
    String recordSize;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = "spin-then-park",
            converter = StreamOptions.WaitConverter.class,
            description = "How the capture rows' consumer and device threads wait for blocks (blocking, "
                    + "spin-then-park, yielding, busy-spin); default: ${DEFAULT-VALUE}, the choice for small "
                    + "blocks at high rates. The block-cycle rows measure every strategy.")
    io.jiio.buffer.WaitStrategy wait;

    @Option(names = "--skip", paramLabel = "SCENARIO", split = ",",
            description = "Leave out scenarios: capture, network, cycle, record (comma-separated).")
    List<String> skip = new ArrayList<>();

    @Override
    public Integer call() {
        long duration = durationMs != null ? durationMs : quick ? QUICK_DURATION_MS : 1000;
        if (duration < 1 || duration > 600_000) {
            throw usage("--duration " + duration + ": out of range 1..600000 ms");
        }
        List<Long> blockSizes = parseSizes(sizes != null ? sizes : quick ? QUICK_SIZES : DEFAULT_SIZES);
        long net = parseSize(netBlock, "--net-block");
        if (net % 16 != 0 || net > 16 << 20) {
            throw usage("--net-block " + netBlock + ": must be a multiple of 16 bytes (one scan), at most 16M");
        }
        for (String s : skip) {
            if (!List.of("capture", "network", "cycle", "record").contains(s)) {
                throw usage("--skip " + s + ": not a scenario (capture, network, cycle, record)");
            }
        }
        if (rttMs.signum() < 0 || rttMs.compareTo(java.math.BigDecimal.valueOf(1000)) > 0) {
            throw usage("--rtt " + rttMs + ": out of range 0..1000 ms");
        }
        long rttMicros = rttMs.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        long recBytes = parseSize(recordSize, "--record-size");
        if (!java.nio.file.Files.isDirectory(recordDir)) {
            throw usage("--record-dir " + recordDir + ": not a directory");
        }
        Bench bench = new Bench(duration, blockSizes, net, !skip.contains("capture"), !skip.contains("network"),
                !skip.contains("cycle"), rttMicros, skip.contains("record") ? null : recordDir,
                quick ? Math.min(recBytes, 64L << 20) : recBytes, wait);
        Terminal t = jiio.terminal();
        Rows.Report report = bench.run(t.err());
        t.out().print(json ? JsonFormat.of(report) + System.lineSeparator() : TableFormat.of(report));
        t.out().flush();
        return ExitCodes.OK;
    }

    private List<Long> parseSizes(String list) {
        List<Long> out = new ArrayList<>();
        for (String s : list.split(",")) {
            long size = parseSize(s, "--sizes");
            if (size < 16 || size > 16 << 20) {
                throw usage("--sizes " + s + ": a block must hold one 16-byte scan and be at most 16M");
            }
            out.add(size);
        }
        return out;
    }

    private long parseSize(String s, String option) {
        try {
            return Format.parseSize(s);
        } catch (IllegalArgumentException e) {
            throw usage(option + " " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
