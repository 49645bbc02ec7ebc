package io.jiio.cli;

import io.jiio.cli.bench.Bench;
import io.jiio.cli.bench.Format;
import io.jiio.cli.bench.JsonFormat;
import io.jiio.cli.bench.Rows;
import io.jiio.cli.bench.TableFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jiio bench}: the end-to-end harness ({@link Bench}). The report goes to stdout (a table,
 * or JSON with {@code --json}); what is being measured goes to stderr as it runs.
 */
final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_SIZES = "4K,16K,64K,256K,1M,4M";
    static final String QUICK_SIZES = "4K,64K,1M";
    static final long QUICK_DURATION_MS = 200;

    static final Opt<Boolean> QUICK = Opt.flag("--quick", "A short run (under a minute): blocks of " + QUICK_SIZES
            + ", " + QUICK_DURATION_MS + " ms per figure, unless --sizes or --duration say otherwise.");
    static final Opt<Boolean> JSON = Opt.flag("--json", "Print the report as JSON instead of a table.");
    static final Opt<Long> DURATION = Opt.value("-d, --duration", "MS", Opt.LONG, null,
            "Measured milliseconds per figure (default 1000; each also warms up for half as long).");
    static final Opt<String> SIZES = Opt.value("--sizes", "LIST", Opt.TEXT, null,
            "Capture block sizes, comma-separated, in bytes or with K/M (default " + DEFAULT_SIZES + ").");
    static final Opt<String> NET_BLOCK = Opt.value("--net-block", "SIZE", Opt.TEXT, "1M",
            "Block size of the network rows (default 1M); iio_readdev's -b is the same in 16-byte scans.");
    static final Opt<java.math.BigDecimal> RTT = Opt.value("--rtt", "MS", Opt.DECIMAL, java.math.BigDecimal.ZERO,
            "Also run the network rows through a relay that adds this round trip, e.g. 1 or 0.5 "
                    + "(a link with latency, where a synchronous protocol loses a round trip per block; "
                    + "default 0: not run).");
    static final Opt<java.nio.file.Path> RECORD_DIR = Opt.value("--record-dir", "DIR", Opt.PATH,
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
            "Where the recording rows write (and fio, beside them): a directory on the disk to "
                    + "measure (default: " + System.getProperty("java.io.tmpdir") + "; tmpfs measures memory, "
                    + "not a disk).");
    static final Opt<String> RECORD_SIZE = Opt.value("--record-size", "SIZE", Opt.TEXT, "1024M",
            "How much each recording row (and fio) writes (default 1024M; --quick: 64M).");
    static final Opt<io.jiio.buffer.WaitStrategy> WAIT = Opt.value("--wait", "STRATEGY", StreamOptions::waitStrategy,
            io.jiio.buffer.WaitStrategy.SPIN_THEN_PARK,
            "How the capture rows' consumer and device threads wait for blocks (blocking, "
                    + "spin-then-park, yielding, busy-spin); default: spin-then-park, the choice for small "
                    + "blocks at high rates. The block-cycle rows measure every strategy.");
    static final Opt<List<String>> SKIP = Opt.list("--skip", "SCENARIO",
            "Leave out scenarios: capture, network, cycle, record (comma-separated).");

    static final Usage USAGE = Usage.command("bench",
                    "Measure jiio end to end and print a table (docs/BENCHMARKS.md explains it).")
            .describe("Captures: the unthrottled static sim-adc to a consumer reading every byte, per mode (block, "
                            + "dmabuf, fileio) and block size, against the read limit (reading a same-size in-memory "
                            + "segment). Network: jiio's client and iio_readdev (if installed) reading a jiio server "
                            + "in this JVM on 127.0.0.1, against raw loopback TCP. Block cycle: dequeue + enqueue rate "
                            + "and latency percentiles in one thread and across two. Then the targets, met or not.",
                    "Every ratio compares figures of the same run, so a noisy machine still compares fairly.")
            .options(QUICK, JSON, DURATION, SIZES, NET_BLOCK, RTT, RECORD_DIR, RECORD_SIZE, WAIT, SKIP)
            .exitCodes(ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP);

    private final Terminal terminal;
    private final boolean quick;
    private final boolean json;
    private final Long durationMs;
    private final String sizes;
    private final String netBlock;
    private final java.math.BigDecimal rttMs;
    private final java.nio.file.Path recordDir;
    private final String recordSize;
    private final io.jiio.buffer.WaitStrategy wait;
    private final List<String> skip;

    BenchCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.quick = args.get(QUICK);
        this.json = args.get(JSON);
        this.durationMs = args.get(DURATION);
        this.sizes = args.get(SIZES);
        this.netBlock = args.get(NET_BLOCK);
        this.rttMs = args.get(RTT);
        this.recordDir = args.get(RECORD_DIR);
        this.recordSize = args.get(RECORD_SIZE);
        this.wait = args.get(WAIT);
        this.skip = args.get(SKIP);
    }

    @Override
    public Integer call() {
        long duration = durationMs != null ? durationMs : quick ? QUICK_DURATION_MS : 1000;
        if (duration < 1 || duration > 600_000) {
            throw new UsageException("--duration " + duration + ": out of range 1..600000 ms");
        }
        List<Long> blockSizes = parseSizes(sizes != null ? sizes : quick ? QUICK_SIZES : DEFAULT_SIZES);
        long net = parseSize(netBlock, "--net-block");
        if (net % 16 != 0 || net > 16 << 20) {
            throw new UsageException("--net-block " + netBlock + ": must be a multiple of 16 bytes (one scan), at most 16M");
        }
        for (String s : skip) {
            if (!List.of("capture", "network", "cycle", "record").contains(s)) {
                throw new UsageException("--skip " + s + ": not a scenario (capture, network, cycle, record)");
            }
        }
        if (rttMs.signum() < 0 || rttMs.compareTo(java.math.BigDecimal.valueOf(1000)) > 0) {
            throw new UsageException("--rtt " + rttMs + ": out of range 0..1000 ms");
        }
        long rttMicros = rttMs.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        long recBytes = parseSize(recordSize, "--record-size");
        if (!java.nio.file.Files.isDirectory(recordDir)) {
            throw new UsageException("--record-dir " + recordDir + ": not a directory");
        }
        Bench bench = new Bench(duration, blockSizes, net, !skip.contains("capture"), !skip.contains("network"),
                !skip.contains("cycle"), rttMicros, skip.contains("record") ? null : recordDir,
                quick ? Math.min(recBytes, 64L << 20) : recBytes, wait);
        Terminal t = terminal;
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
                throw new UsageException("--sizes " + s + ": a block must hold one 16-byte scan and be at most 16M");
            }
            out.add(size);
        }
        return out;
    }

    private long parseSize(String s, String option) {
        try {
            return Format.parseSize(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + e.getMessage());
        }
    }
}
