package io.jiio.cli.bench;

import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanLayout;
import io.jiio.recording.DataSink;
import io.jiio.recording.Recorder;
import io.jiio.recording.SigmfFiles;
import io.jiio.recording.Sinks;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Recording throughput: {@code jiio record}'s loop over the unthrottled static sim (the device costs
 * nothing, so the file is the limit) through each way of writing, against the machine's limit
 * measured in the same run by fio ({@code --direct=1 --ioengine=io_uring --end_fsync=1}, same
 * block size and depth) in the same directory: both end with the data on the disk (a recording
 * ends with fsync), and the jiio rows run after a warm-up recording. CPU seconds per GB from this process's CPU time (fio's from its
 * own report); the buffered row is the copying path {@code jiio read > file} takes.
 */
final class RecordBench {
    private static final String BASE = "jiio-bench-record";

    private RecordBench() {
    }

    static List<Rows.Record> measure(Path dir, long bytes, long blockBytes, int depth, PrintStream log) {
        List<Rows.Record> rows = new ArrayList<>();
        // Warm up (JIT, Jackson, the ring's setup path) so the rows measure writing, not a first call.
        jiio(dir, Math.min(bytes, 64L << 20), blockBytes, depth, Sinks.Method.AUTO, 0);
        double[] fio = fio(dir, bytes, blockBytes, depth);
        String fioStatus = fio == null ? "fio not installed (apt-get install fio)" : Rows.Net.OK;
        rows.add(new Rows.Record("fio io_uring O_DIRECT (the limit)", fioStatus, fio == null ? 0 : fio[0],
                fio == null ? 0 : fio[1], fio == null ? 0 : fio[0]));
        for (Sinks.Method m : List.of(Sinks.Method.AUTO, Sinks.Method.O_DIRECT, Sinks.Method.BUFFERED)) {
            Rows.Record r = jiio(dir, bytes, blockBytes, depth, m, fio == null ? 0 : fio[0]);
            log.printf("record (%s): %.2f GB/s, %.2f CPU s/GB%n", r.name(), r.bytesPerSecond() / 1e9, r.cpuSecondsPerGb());
            rows.add(r);
        }
        return rows;
    }

    private static Rows.Record jiio(Path dir, long bytes, long blockBytes, int depth, Sinks.Method method,
                                    double fioRate) {
        SigmfFiles files = SigmfFiles.of(dir.resolve(BASE));
        try (Context sim = Context.open("sim:sim-adc.waveform=static,sim-adc.sampling_frequency=0")) {
            Device adc = sim.requireDevice("sim-adc");
            ScanLayout layout = ScanLayout.of(adc, adc.mask("voltage0", "voltage1"));
            try (BlockQueue q = adc.openBuffer(0, adc.mask("voltage0", "voltage1"), new QueueConfig(depth, blockBytes))) {
                List<Block> blocks = q.allocate(depth, blockBytes);
                List<MemorySegment> memory = blocks.stream().map(q::map).toList();
                blocks.forEach(q::enqueue);
                q.enable();
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                Recorder.Result r;
                try (DataSink sink = Sinks.open(files.data(), depth, memory, method)) {
                    r = Recorder.record(q, adc, layout, bytes / layout.scanBytes(), sink, files, "jiio bench",
                            () -> false, (a, b, c) -> { }, 10_000);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - cpu0) / 1e9;
                q.disable();
                String status = r.stoppedBy() == null ? Rows.Net.OK : "failed: " + r.stoppedBy().getMessage();
                return new Rows.Record("jiio record: " + r.writer(), status, r.bytes() / secs,
                        cpu / (r.bytes() / 1e9), fioRate);
            }
        } finally {
            try {
                Files.deleteIfExists(files.data());
                Files.deleteIfExists(files.meta());
            } catch (IOException ignored) {
                // a temporary file left behind is only a file
            }
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** fio's write rate (bytes/s) and CPU seconds per GB, or null when fio is not installed or fails. */
    private static double[] fio(Path dir, long bytes, long blockBytes, int depth) {
        Path file = dir.resolve(BASE + ".fio");
        try {
            Process p = new ProcessBuilder("fio", "--name=jiio", "--filename=" + file, "--rw=write",
                    "--bs=" + blockBytes, "--size=" + bytes, "--direct=1", "--ioengine=io_uring",
                    "--iodepth=" + depth, "--end_fsync=1", "--output-format=terse").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                return null;
            }
            // terse v3: field 48 write bandwidth (KiB/s), 50 write runtime (ms), 88/89 usr/sys CPU %
            String[] f = out.lines().reduce((a, b) -> b).orElse("").split(";");
            double rate = Double.parseDouble(f[47]) * 1024;
            double runtime = Double.parseDouble(f[49]) / 1000;
            double cpu = (Double.parseDouble(f[87].replace("%", "")) + Double.parseDouble(f[88].replace("%", "")))
                    / 100 * runtime;
            return new double[] {rate, cpu / (bytes / 1e9)};
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // only a temporary file
            }
        }
    }
}
