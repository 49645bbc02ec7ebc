package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distribution bin/dist makes (its assembly step, bin/lib/dist.sh, on the jar Maven just
 * packaged): a folder that runs from any directory and through a symlink with no Maven on PATH,
 * and whose start-up cache was trained and is used.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DistIT {
    private static Path root;
    private static Path dist;

    @BeforeAll
    static void assemble() throws Exception {
        root = Launcher.checkout();
        assumeTrue(root != null, "bin/jiio not found above " + Path.of("").toAbsolutePath());
        dist = Files.createTempDirectory("jiio-dist").resolve("jiio");
        Process p = new ProcessBuilder("bash", "-c", ". \"$1/bin/lib/dist.sh\" && jiio_assemble \"$1\" \"$2\"",
                "assemble", root.toString(), dist.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "assembly finished");
        assertEquals(0, p.exitValue(), log);
    }

    @AfterAll
    static void removeDist() throws Exception {
        if (dist != null) {
            try (Stream<Path> all = Files.walk(dist.getParent())) {
                all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Runs {@code command} in {@code dir} with a PATH that has no Maven; returns stdout, checks exit 0. */
    private static String run(Path command, Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(command.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().remove("JAVA_HOME");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err, "nothing on stderr: no build, no cache warnings");
        return out;
    }

    @Test
    void runsFromAnotherDirectoryAndThroughASymlinkWithoutMaven() throws Exception {
        assertTrue(Files.isRegularFile(dist.resolve("lib/jiio.aot")), "the start-up cache was trained");
        Path elsewhere = Files.createTempDirectory(dist.getParent(), "cwd");
        assertTrue(run(dist.resolve("bin/jiio"), elsewhere, "info", "-u", "sim:").contains("sim-adc"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("jiio"), dist.resolve("bin/jiio"));
        String csv = run(link, elsewhere, "read", "-u", "sim:sim-adc.waveform=counter", "-s", "3", "--format", "csv",
                "sim-adc", "voltage0");
        assertEquals("voltage0\n0\n1\n2\n", csv);
    }

    /** lib/ holds the CLI jar and exactly the jars its manifest names: nothing an older build left behind. */
    @Test
    void libHoldsExactlyTheManifestsClassPath() throws Exception {
        List<String> jars = Files.readAllLines(dist.resolve("lib/classpath"));
        String cli = jars.stream().filter(j -> j.startsWith("jiio-cli-")).findFirst().orElseThrow();
        java.util.Set<String> named = new java.util.TreeSet<>();
        try (var jar = new java.util.jar.JarFile(dist.resolve("lib").resolve(cli).toFile())) {
            for (String entry : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                named.add(entry.substring("lib/".length()));
            }
        }
        named.add(cli);
        assertEquals(named, new java.util.TreeSet<>(jars));
        try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
            assertEquals(named, files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        }
    }

    @Test
    void theStartUpCacheIsTheOneInUse() throws Exception {
        // The JVM says so when asked (-Xlog:aot); the launcher's own flags silence a cache that does not fit.
        String out = javaWithCache(List.of("-Xlog:aot"), "info", "-u", "sim:");
        assertTrue(out.contains("Opened AOT cache"), out);
        assertTrue(!out.contains("mismatch"), out);
    }

    /**
     * What start-up costs is classes read from jars (parsed, verified, interpreted) and FFM downcall
     * handles (each links generated code the cache cannot keep): the usual commands on {@code sim:}
     * load every class of theirs from the cache and make no downcall handle at all. A parser whose
     * class files the cache refuses (picocli's are Java 5), or a native call on the way, fails here
     * rather than in a stopwatch.
     */
    @Test
    void theUsualCommandsLoadTheirClassesFromTheCache() throws Exception {
        String[][] commands = {
            {"info", "-u", "sim:"},
            {"read", "-u", "sim:", "-s", "1", "sim-adc", "voltage0"},
        };
        for (String[] command : commands) {
            Path log = Files.createTempFile(dist.getParent(), "classes", ".log");
            javaWithCache(List.of("-Xlog:class+load=info:file=" + log), command);
            List<String> lines = Files.readAllLines(log);
            List<String> fromJars = lines.stream().filter(l -> l.contains("source: file:")).toList();
            assertEquals(List.of(), fromJars, String.join(" ", command) + ": classes not in the cache");
            long stubs = lines.stream().filter(l -> l.contains("DowncallStub")).count();
            assertEquals(0, stubs, String.join(" ", command) + ": downcall handles made at start-up");
        }
    }

    /** Runs jiio's main class as the launcher does (same cache, flags and class path), plus {@code flags}. */
    private static String javaWithCache(List<String> flags, String... args) throws Exception {
        String java = Files.readString(dist.resolve("lib/java-home")).trim() + "/bin/java";
        StringBuilder cp = new StringBuilder();
        for (String jar : Files.readAllLines(dist.resolve("lib/classpath"))) {
            cp.append(cp.isEmpty() ? "" : ":").append(dist.resolve("lib").resolve(jar));
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(java));
        cmd.addAll(flags);
        cmd.addAll(List.of("-XX:AOTCache=" + dist.resolve("lib/jiio.aot"), "--enable-native-access=ALL-UNNAMED",
                "-cp", cp.toString(), "io.jiio.cli.Jiio"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
