package io.jiio.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the whole {@code jiio bench}: captures per mode and block size against the read limit,
 * network paths against raw loopback TCP, block-cycle rate and latency; then judges the targets.
 * Scenarios run one at a time (the machine has few cores); each figure's baseline is measured in
 * the same run, next to it.
 *
 * @param durationMs    measured time per figure (each also warms up for half as long)
 * @param sizes         capture block sizes in bytes
 * @param netBlockBytes block size of the network rows (iio_readdev gets the same in scans)
 * @param capture       run the capture scenarios
 * @param network       run the network scenarios
 * @param cycles        run the block-cycle scenarios
 * @param rttMicros     when above 0, the network rows run once more through a {@link DelayProxy}
 *                      with this round trip (a link with latency, where pipelining matters)
 * @param recordDir     where the recording rows write (null: not run)
 * @param recordBytes   how much each recording row writes
 * @param captureWait   how the capture rows' consumer and device threads wait for blocks
 */
public record Bench(long durationMs, List<Long> sizes, long netBlockBytes, boolean capture, boolean network,
                    boolean cycles, long rttMicros, java.nio.file.Path recordDir, long recordBytes,
                    io.jiio.buffer.WaitStrategy captureWait) {
    /** Rows measured over the delayed link start with this (and the round trip). */
    public static final String RTT_PREFIX = "RTT ";
    /** The extra option a binary-protocol client row would be opened with. */
    public static final String BINARY_OPTION = ",protocol=binary";
    /** Without it the client would pick binary (auto) whenever the server offers it. */
    public static final String TEXT_OPTION = ",protocol=text";
    private static final long SCAN_BYTES = 16;
    /** The recording rows' block size and blocks in flight (fio gets the same). */
    static final long RECORD_BLOCK_BYTES = 4L << 20;
    static final int RECORD_DEPTH = 8;

    /** Copies the size list. */
    public Bench {
        sizes = List.copyOf(sizes);
    }

    /**
     * Runs the scenarios one at a time, saying what it measures on {@code log} as it goes. Takes
     * minutes with the default durations.
     *
     * @param log where to note each figure as it is measured
     * @return the report: every row and the targets judged on them
     */
    public Rows.Report run(PrintStream log) {
        long d = durationMs * 1_000_000L;
        List<Rows.Capture> cap = new ArrayList<>();
        if (capture) {
            List<CaptureMode> modes = List.of(CaptureMode.values());
            note(log, "capture rows: consumer and device thread wait %s (--wait)", captureWait.cliName());
            for (long size : sizes) {
                double[] rates = CaptureBench.bytesPerSecond(modes, size, d, captureWait);
                note(log, "read limit, %s: %s GB/s (%d blocks in turn: %s GB/s)", Format.size(size),
                        Format.gbps(rates[0]), CaptureMode.BLOCKS, Format.gbps(rates[1]));
                for (int i = 0; i < modes.size(); i++) {
                    note(log, "%s, %s: %s GB/s", modes.get(i).label(), Format.size(size), Format.gbps(rates[i + 2]));
                    cap.add(new Rows.Capture(modes.get(i).label(), size, rates[i + 2], rates[0], rates[1]));
                }
            }
        }
        List<Rows.Net> net = network ? network(log, d) : List.of();
        List<Rows.Cycle> cyc = new ArrayList<>();
        if (cycles) {
            cyc.addAll(CycleBench.measureAll(d, c -> note(log, "%s: %.2f M cycles/s, p99 %.2f us", c.name(),
                    c.cyclesPerSecond() / 1e6, c.p99Ns() / 1e3)));
        }
        List<Rows.Record> rec = recordDir == null ? List.of()
                : RecordBench.measure(recordDir, recordBytes, RECORD_BLOCK_BYTES, RECORD_DEPTH, log);
        List<Rows.Target> targets = new ArrayList<>(Targets.of(cap, net, cyc));
        targets.addAll(Targets.ofRecord(rec));
        return new Rows.Report(MachineInfo.current(), durationMs, sizes, netBlockBytes, cap, net, cyc, rec, targets);
    }

    /**
     * Raw TCP is measured beside each jiio client row (interleaved); the raw row shows the text
     * row's partner. iio_readdev, a process of its own, is compared with that same figure.
     */
    private List<Rows.Net> network(PrintStream log, long d) {
        try (RawTcp raw = new RawTcp((int) netBlockBytes); NetBench server = new NetBench()) {
            Rows.Net text = log(log, server.client("jiio client <- jiio server (text)", server.uri(TEXT_OPTION),
                    netBlockBytes, d, raw));
            double rawRate = text.rawTcpBytesPerSecond();
            Rows.Net binary = server.client("jiio client <- jiio server (binary)", server.uri(BINARY_OPTION),
                    netBlockBytes, d, raw);
            Rows.Net readdev = IioReaddev.measure(IioReaddev.TOOL + " <- jiio server (text)", server.uri(""),
                    netBlockBytes / SCAN_BYTES, d, rawRate, server::awaitIdle);
            Rows.Net rawRow = new Rows.Net("raw loopback TCP (limit)", Rows.Net.OK, rawRate, rawRate);
            note(log, "raw loopback TCP: %s GB/s", Format.gbps(rawRate));
            List<Rows.Net> rows = new ArrayList<>(List.of(rawRow, text, log(log, binary), log(log, readdev)));
            if (rttMicros > 0) {
                rows.addAll(delayed(log, d, raw, server, rawRate));
            }
            return rows;
        }
    }

    /** The same three clients through a relay that delays each direction by half the round trip. */
    private List<Rows.Net> delayed(PrintStream log, long d, RawTcp raw, NetBench server, double rawRate) {
        try (DelayProxy proxy = new DelayProxy(server.port(), rttMicros)) {
            String via = "ip:127.0.0.1:" + proxy.port();
            String rtt = RTT_PREFIX + Format.millis(rttMicros) + ": ";
            Rows.Net text = log(log, server.client(rtt + "jiio client (text)", via + TEXT_OPTION, netBlockBytes, d, raw));
            Rows.Net binary = log(log, server.client(rtt + "jiio client (binary)", via + BINARY_OPTION,
                    netBlockBytes, d, raw));
            Rows.Net readdev = log(log, IioReaddev.measure(rtt + IioReaddev.TOOL + " (text)", via,
                    netBlockBytes / SCAN_BYTES, d, rawRate, server::awaitIdle));
            return List.of(text, binary, readdev);
        }
    }

    private static Rows.Net log(PrintStream log, Rows.Net n) {
        note(log, "%s: %s", n.name(), n.measured() ? Format.gbps(n.bytesPerSecond()) + " GB/s" : n.status());
        return n;
    }

    private static void note(PrintStream log, String format, Object... args) {
        if (log != null) {
            log.println("jiio bench: " + String.format(Locale.ROOT, format, args));
            log.flush();
        }
    }
}
