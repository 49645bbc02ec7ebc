package io.jiio.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's pieces on made-up figures: sizes, the table, JSON, the targets' verdicts. */
class FormatsTest {
    private static final Rows.Machine MACHINE = new Rows.Machine(2, "Test \"CPU\"\n", "Linux 6.1", "Temurin 25");

    private static Rows.Report report(double blockRate, double fileioRate) {
        List<Rows.Capture> cap = List.of(
                new Rows.Capture("block", 1 << 20, blockRate, 10e9, 8e9),
                new Rows.Capture("dmabuf", 1 << 20, 9.5e9, 10e9, 8e9),
                new Rows.Capture("fileio", 1 << 20, fileioRate, 10e9, 8e9),
                new Rows.Capture("block", 4096, 1e9, 8e9, 6e9));
        List<Rows.Net> net = List.of(
                new Rows.Net("raw loopback TCP (limit)", Rows.Net.OK, 5e9, 5e9),
                new Rows.Net("jiio client <- jiio server (text)", Rows.Net.OK, 4.5e9, 5e9),
                new Rows.Net("jiio client <- jiio server (binary)", NetBench.NOT_AVAILABLE, 0, 5e9),
                new Rows.Net("iio_readdev <- jiio server (text)", Rows.Net.OK, 1.5e9, 5e9));
        List<Rows.Cycle> cyc = List.of(
                new Rows.Cycle("block cycle, 1 thread (instant engine)", 20e6, 1000, 40, 60, 90, 5000),
                new Rows.Cycle("block cycle, 2 threads (static sim-adc, busy-spin)", 6e6, 1000, 300, 1500, 2000, 80000),
                new Rows.Cycle("block cycle, 2 threads (static sim-adc, blocking)", 0.8e6, 1000, 900, 30000, 60000, 90000),
                new Rows.Cycle("block cycle, 2 threads (static sim-adc, blocking, 64 blocks)", 1.6e6, 1000, 200, 30000,
                        60000, 90000));
        List<Rows.Record> rec = List.of(
                new Rows.Record("fio io_uring O_DIRECT (the limit)", Rows.Net.OK, 1.2e9, 0.1, 1.2e9),
                new Rows.Record("jiio record: io_uring, registered buffers, O_DIRECT", Rows.Net.OK, 1.15e9, 0.2, 1.2e9),
                new Rows.Record("jiio record: buffered writes", Rows.Net.OK, 0.5e9, 1.7, 1.2e9));
        List<Rows.Target> targets = new java.util.ArrayList<>(Targets.of(cap, net, cyc));
        targets.addAll(Targets.ofRecord(rec));
        return new Rows.Report(MACHINE, 500, List.of(4096L, 1L << 20), 1 << 20, cap, net, cyc, rec, targets);
    }

    @Test
    void sizesParseAndPrint() {
        assertEquals(4096, Format.parseSize("4K"));
        assertEquals(65536, Format.parseSize("64k"));
        assertEquals(1 << 20, Format.parseSize("1M"));
        assertEquals(4 << 20, Format.parseSize("4MiB"));
        assertEquals(1000, Format.parseSize("1000"));
        assertThrows(IllegalArgumentException.class, () -> Format.parseSize("4X"));
        assertThrows(IllegalArgumentException.class, () -> Format.parseSize("0"));
        assertThrows(IllegalArgumentException.class, () -> Format.parseSize("-4K"));
        assertEquals("4 KiB", Format.size(4096));
        assertEquals("1 MiB", Format.size(1 << 20));
        assertEquals("1000 B", Format.size(1000));
        assertEquals("2.50", Format.gbps(2.5e9));
    }

    @Test
    void tableHasARowPerSizeAColumnPerModeAndTheRatios() {
        String t = TableFormat.of(report(9.6e9, 4e9));
        assertTrue(t.startsWith("jiio bench: 2 CPUs (Test \"CPU\"\n), kernel Linux 6.1, JDK Temurin 25; 500 ms"), t);
        assertTrue(t.matches("(?s).*block\\s+read limit\\s+4-block limit\\s+block\\s+dmabuf\\s+fileio\\n.*"), t);
        assertTrue(t.matches("(?s).*\\n4 KiB\\s+8\\.00\\s+6\\.00\\s+1\\.00 \\(13%\\)\\s+-\\s+-\\n.*"), t);
        assertTrue(t.matches("(?s).*\\n1 MiB\\s+10\\.00\\s+8\\.00\\s+9\\.60 \\(96%\\)\\s+9\\.50 \\(95%\\)\\s+4\\.00 \\(40%\\)\\n.*"), t);
        assertTrue(t.matches("(?s).*jiio client <- jiio server \\(text\\)\\s+4\\.50\\s+90%\\s+ok\\n.*"), t);
        assertTrue(t.matches("(?s).*jiio client <- jiio server \\(binary\\)\\s+-\\s+-\\s+n/a \\(not available\\)\\n.*"), t);
        assertTrue(t.matches("(?s).*block cycle, 1 thread \\(instant engine\\)\\s+20\\.00\\s+50\\s+40\\s+60\\s+90\\s+5000\\n.*"), t);
        assertTrue(t.matches("(?s).*zero-copy capture \\(block\\) at 1 MiB\\s+>= 90% of the read limit\\s+96%\\s+yes\\n.*"), t);
        assertTrue(t.matches("(?s).*block cycles, 2 threads, busy-spin\\s+>= 5 M/s\\s+6\\.00 M/s\\s+yes\\n.*cycle p99, 2 threads, busy-spin\\s+<= 2 us\\s+1\\.50 us\\s+yes\\n.*block cycles, 2 threads, blocking\\s+>= 1 M/s\\s+0\\.80 M/s\\s+NO\\n"
                + "block cycles, 2 threads, blocking, 64 blocks\\s+>= 1 M/s\\s+1\\.60 M/s\\s+yes\\n.*"), t);
        assertTrue(t.matches("(?s).*jiio record: io_uring, registered buffers, O_DIRECT\\s+1\\.15 GB/s\\s+96% of fio\\s+0\\.20 CPU s/GB.*"), t);
        assertTrue(t.matches("(?s).*record, io_uring\\s+>= 90% of fio O_DIRECT\\s+96%\\s+yes.*"), t);
    }

    @Test
    void jsonParsesAndCarriesEveryFigure() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonFormat.of(report(9.6e9, 4e9)));
        assertEquals("Test \"CPU\"\n", root.path("machine").path("cpu").asText(), "quotes and newlines escaped");
        assertEquals(4, root.path("capture").size());
        assertEquals(0.96, root.path("capture").get(0).path("fractionOfReadLimit").asDouble(), 1e-9);
        assertEquals(9.6, root.path("capture").get(0).path("gbPerSecond").asDouble(), 1e-9);
        assertEquals(1.2, root.path("capture").get(0).path("fractionOfRotatingReadLimit").asDouble(), 1e-9);
        assertEquals(8e9, root.path("capture").get(0).path("rotatingReadLimitBytesPerSecond").asDouble(), 1);
        assertEquals(0.9, root.path("network").get(1).path("fractionOfRawTcp").asDouble(), 1e-9);
        assertEquals(0, root.path("network").get(2).path("fractionOfRawTcp").asDouble(), "not measured: 0");
        assertEquals(50, root.path("cycles").get(0).path("nsPerCycle").asDouble(), 1e-9);
        assertEquals(80000, root.path("cycles").get(1).path("maxNs").asLong());
        assertEquals(1.15e9 / 1.2e9, root.path("record").get(1).path("fractionOfFio").asDouble(), 1e-5);
        assertEquals(17, root.path("targets").size());
        assertEquals(List.of(4096, 1 << 20), List.of(root.path("sizes").get(0).asInt(), root.path("sizes").get(1).asInt()));
    }

    @Test
    void jsonWritesNonFiniteNumbersAsNull() throws Exception {
        Rows.Report r = new Rows.Report(MACHINE, 1, List.of(), 16, List.of(new Rows.Capture("block", 16, Double.NaN, 1, 1)),
                List.of(), List.of(), List.of(), List.of());
        JsonNode root = new ObjectMapper().readTree(JsonFormat.of(r));
        assertTrue(root.path("capture").get(0).path("bytesPerSecond").isNull());
    }

    @Test
    void targetsJudgeTheFiguresOfTheRun() {
        List<Rows.Target> met = report(9.6e9, 4e9).targets();
        assertEquals(List.of("zero-copy capture (block) at 1 MiB", "zero-copy capture (dmabuf) at 1 MiB",
                "block vs fileio at 1 MiB", "dmabuf vs fileio at 1 MiB", "zero-copy capture (block) at 4 KiB",
                "zero-copy capture (block) at 64 KiB", "block cycle, 1 thread", "block cycles, 2 threads, busy-spin",
                "cycle p99, 2 threads, busy-spin", "block cycles, 2 threads, blocking",
                "block cycles, 2 threads, blocking, 64 blocks", "network (text) vs raw TCP", "network (text) vs iio_readdev",
                "network (binary) vs raw TCP", "network (binary) vs iio_readdev", "record, io_uring", "record CPU"),
                met.stream().map(Rows.Target::name).toList());
        // The binary row was not available: its targets are not judged.
        // 4 KiB: 1 of 8 GB/s is 13% (< 25%); 64 KiB was not measured.
        assertEquals(java.util.Arrays.asList(true, true, true, true, false, null, true, true, true, false, true,
                        true, true, null, null, true, true),
                met.stream().map(Rows.Target::met).toList());
        assertEquals("2.40x", met.get(2).figure());
        assertEquals("13%", met.get(4).figure());
        assertEquals("3.00x", met.get(12).figure());
        List<Rows.Target> missed = report(8e9, 5e9).targets();
        assertEquals(false, missed.get(0).met(), "80% < 90%");
        assertEquals("1.60x", missed.get(2).figure());
        assertEquals(false, missed.get(2).met());
        List<Rows.Target> none = Targets.of(List.of(), List.of(), List.of());
        assertTrue(none.stream().allMatch(t -> t.met() == null && t.figure().equals("not measured")));
    }

    @Test
    void aRoundTripReadsInMilliseconds() {
        assertEquals("1 ms", Format.millis(1000));
        assertEquals("0.5 ms", Format.millis(500));
        assertEquals("2.25 ms", Format.millis(2250));
    }

    @Test
    void theLatencyTargetIsJudgedOnlyOverTheDelayedLink() {
        List<Rows.Net> net = new java.util.ArrayList<>(report(9.6e9, 4e9).network());
        assertTrue(Targets.of(List.of(), net, List.of()).stream().noneMatch(t -> t.name().contains("RTT")));
        net.add(new Rows.Net(Bench.RTT_PREFIX + "1 ms: jiio client (text)", Rows.Net.OK, 0.4e9, 5e9));
        net.add(new Rows.Net(Bench.RTT_PREFIX + "1 ms: jiio client (binary)", Rows.Net.OK, 1.8e9, 5e9));
        net.add(new Rows.Net(Bench.RTT_PREFIX + "1 ms: iio_readdev (text)", Rows.Net.OK, 0.6e9, 5e9));
        List<Rows.Target> t = Targets.of(List.of(), net, List.of());
        Rows.Target rtt = t.get(t.size() - 1);
        assertEquals("binary vs iio_readdev, RTT 1 ms", rtt.name());
        assertEquals("3.00x", rtt.figure());
        assertEquals(true, rtt.met());
        // The loopback targets still judge the loopback rows, not the delayed ones.
        assertTrue(t.stream().anyMatch(x -> x.name().equals("network (text) vs iio_readdev") && "3.00x".equals(x.figure())));
    }
}
