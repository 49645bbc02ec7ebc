package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jiio.cli.bench.IioReaddev;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jiio bench}: a real, very short run of every scenario, and its usage errors. */
class BenchCommandTest {
    @Test
    @Timeout(120)
    void quickJsonRunMeasuresEveryScenarioWithPositiveFigures() throws Exception {
        Cli.Result r = Cli.run("bench", "--quick", "--json", "--duration", "20", "--sizes", "4K,64K");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.stdout());

        assertTrue(root.path("machine").path("cpus").asInt() >= 1);
        assertTrue(root.path("machine").path("jdk").asText().contains("25"), root.path("machine").toString());
        assertEquals(20, root.path("durationMs").asLong());
        assertEquals(List.of(4096L, 65536L), longs(root.path("sizes")));

        JsonNode record = root.path("record");
        assertEquals(4, record.size(), "fio and three ways of writing");
        for (int i = 1; i < 4; i++) {
            assertEquals("ok", record.get(i).path("status").asText(), record.get(i).toString());
            assertTrue(record.get(i).path("bytesPerSecond").asDouble() > 0, record.get(i).toString());
        }

        JsonNode capture = root.path("capture");
        assertEquals(6, capture.size(), "3 modes x 2 sizes");
        List<String> seen = new ArrayList<>();
        for (JsonNode c : capture) {
            seen.add(c.path("mode").asText() + "@" + c.path("blockBytes").asLong());
            assertTrue(c.path("bytesPerSecond").asDouble() > 0, c.toString());
            assertTrue(c.path("readLimitBytesPerSecond").asDouble() > 0, c.toString());
            assertTrue(c.path("rotatingReadLimitBytesPerSecond").asDouble() > 0, c.toString());
            assertTrue(c.path("fractionOfRotatingReadLimit").asDouble() > 0, c.toString());
            assertEquals(c.path("bytesPerSecond").asDouble() / c.path("readLimitBytesPerSecond").asDouble(),
                    c.path("fractionOfReadLimit").asDouble(), 1e-3 * c.path("fractionOfReadLimit").asDouble());
        }
        assertEquals(List.of("block@4096", "dmabuf@4096", "fileio@4096", "block@65536", "dmabuf@65536",
                "fileio@65536"), seen);

        JsonNode net = root.path("network");
        assertEquals(4, net.size(), net.toString());
        assertEquals("ok", net.get(0).path("status").asText());
        assertTrue(net.get(0).path("bytesPerSecond").asDouble() > 0);
        assertEquals(1.0, net.get(0).path("fractionOfRawTcp").asDouble(), 1e-6, "raw TCP is its own baseline");
        assertEquals("jiio client <- jiio server (text)", net.get(1).path("name").asText());
        assertEquals("ok", net.get(1).path("status").asText(), net.get(1).toString());
        assertTrue(net.get(1).path("bytesPerSecond").asDouble() > 0);
        assertTrue(net.get(1).path("fractionOfRawTcp").asDouble() > 0);
        assertEquals("jiio client <- jiio server (binary)", net.get(2).path("name").asText());
        assertEquals("ok", net.get(2).path("status").asText(), net.get(2).toString());
        assertTrue(net.get(2).path("bytesPerSecond").asDouble() > 0);
        // iio_readdev's row times a separate process against its own start-up: on a loaded machine
        // that can come out as no figure at all, which the row says; it must never fail.
        String readdev = net.get(3).path("status").asText();
        if (readdev.equals("ok")) {
            assertTrue(net.get(3).path("bytesPerSecond").asDouble() > 0);
        } else {
            assertTrue(readdev.equals("not installed") || readdev.equals(IioReaddev.UNMEASURED),
                    "iio_readdev runs, is missing, or was too quick to time on a loaded machine: " + readdev);
        }

        JsonNode cycles = root.path("cycles");
        assertEquals(11, cycles.size(),
                "1 thread, 2 threads under each of the 4 wait strategies and blocking with 64 blocks, 3 baselines, 2 floors");
        for (JsonNode c : cycles) {
            assertTrue(c.path("cyclesPerSecond").asDouble() > 0, c.toString());
            assertTrue(c.path("samples").asLong() > 0, c.toString());
            long p50 = c.path("p50Ns").asLong();
            long p99 = c.path("p99Ns").asLong();
            long p999 = c.path("p999Ns").asLong();
            long max = c.path("maxNs").asLong();
            assertTrue(0 < p50 && p50 <= p99 && p99 <= p999 && p999 <= max, c.toString());
        }

        JsonNode targets = root.path("targets");
        assertEquals(17, targets.size(), "fifteen, and two for recording");
        for (JsonNode t : targets) {
            assertTrue(t.path("met").isBoolean() || t.path("met").isNull(), t.toString());
        }
        assertTrue(r.stderr().contains("jiio bench: read limit, 4 KiB:"), r.stderr());
    }

    @Test
    @Timeout(60)
    void tableRunWithScenariosSkippedPrintsOnlyTheRest() {
        Cli.Result r = Cli.run("bench", "--duration", "10", "--sizes", "64K", "--skip", "network,capture");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("Block cycle (dequeue + enqueue)"), r.stdout());
        assertTrue(r.stdout().contains("block cycle, 2 threads (static sim-adc, blocking)"), r.stdout());
        assertTrue(!r.stdout().contains("Capture:") && !r.stdout().contains("Network:"), r.stdout());
        assertTrue(r.stdout().contains("zero-copy capture (block)") && r.stdout().contains("not measured"), r.stdout());
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (String[] args : List.of(new String[] {"bench", "--sizes", "4X"}, new String[] {"bench", "--sizes", "8"},
                new String[] {"bench", "--duration", "0"}, new String[] {"bench", "--skip", "disk"},
                new String[] {"bench", "--net-block", "1000"}, new String[] {"bench", "--rtt", "-1"},
                new String[] {"bench", "--rtt", "2000"})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r);
            assertTrue(r.stderr().contains(args[1]), r.stderr());
        }
    }

    @Test
    void helpDocumentsTheOptions() {
        Cli.Result r = Cli.run("bench", "--help");
        assertEquals(0, r.exitCode());
        for (String o : List.of("--quick", "--json", "--duration", "--sizes", "--net-block", "--rtt", "--skip")) {
            assertTrue(r.stdout().contains(o), o + " in " + r.stdout());
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
