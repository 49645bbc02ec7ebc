package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --mode} through bin/jiio with real pipes: stdout and stdin are FileChannels, so a DMA
 * buffer's bracket segment (a confined arena) and fileio's buffer go to and come from the kernel
 * the way they do for users.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModesLauncherIT {
    private static Path launcher;

    @BeforeAll
    static void findLauncher() throws Exception {
        launcher = Launcher.prepared();
        assumeTrue(launcher != null, "bin/jiio not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyModeWritesTheSameBytesToARealPipe() throws Exception {
        byte[] reference = null;
        for (Mode m : Mode.values()) {
            Process p = start(null, "read", "-u", Cli.COUNTER, "--mode", m.label(), "-b", "999", "-s", "300001",
                    "sim-adc", "voltage0", "voltage1", "voltage2", "voltage3");
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            byte[] out = p.getInputStream().readAllBytes();
            assertEquals(ExitCodes.OK, finish(p), () -> m + ": " + text(err));
            assertEquals(300_001 * 8, out.length, m.label());
            if (reference == null) {
                reference = out;
                ModesTest.assertCounter(new Cli.Result(0, out, "").samples(), 300_001, 4);
            } else {
                assertArrayEquals(reference, out, m + " differs from " + Mode.values()[0]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void writeReadsARealPipe(Mode m) throws Exception {
        byte[] scans = Cli.counterScans(100_000, 2);
        Process p = start(scans, "write", "-u", "sim:sim-dac.sampling_frequency=0", "--mode", m.label(),
                "-b", "333", "sim-dac");
        CompletableFuture<byte[]> err = drain(p.getErrorStream());

        assertEquals(ExitCodes.OK, finish(p), () -> m + ": " + text(err));
        assertEquals("", text(err));
    }

    /** Starts bin/jiio; {@code stdin} (if not null) is fed through a pipe, else /dev/null. */
    private static Process start(byte[] stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JIIO_NO_BUILD", "1");
        Process p = pb.start();
        if (stdin != null) {
            Thread.ofPlatform().daemon().start(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // the process ended early: its exit status tells why
                }
            });
        }
        return p;
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                s.transferTo(b);
            } catch (IOException ignored) {
                // keep what came
            }
            return b.toByteArray();
        });
    }

    private static String text(CompletableFuture<byte[]> err) {
        try {
            return new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/jiio did not end within 60 s");
        }
        return p.exitValue();
    }
}
