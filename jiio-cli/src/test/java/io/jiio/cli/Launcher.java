package io.jiio.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** bin/jiio for the launcher tests: found above the working directory, its runnable folder assembled. */
final class Launcher {
    private Launcher() {
    }

    /**
     * The launcher, or null when there is none above the working directory. Runs it once first
     * (--version): on a fresh clone that assembles jiio-cli/target/dist and trains its start-up
     * cache, saying so on stderr, which must not land in the first test's output.
     */
    static Path prepared() throws Exception {
        Path root = checkout();
        if (root == null) {
            return null;
        }
        Path launcher = root.resolve("bin/jiio");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JIIO_NO_BUILD", "1");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("bin/jiio --version failed while assembling the runnable folder");
        }
        return launcher;
    }

    /** The checkout this test runs in: the first folder above the working directory with bin/jiio, or null. */
    static Path checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/jiio"))) {
                return dir;
            }
        }
        return null;
    }
}
