package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jiio's modules as they are, each in a JVM of its own on the real module path (the packaged jars,
 * not the tests' class path): every backend found through its {@code provides}, commons-cli, Jackson
 * and Jetty working across the modules' boundaries, and native access exactly as the README says —
 * its flag naming the modules on the module path, the manifest's Enable-Native-Access with
 * {@code java -jar}, and no flag at all for an application that only uses {@code sim:}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModulePathIT {
    /** The README's flag for the command line on the module path (aircompressor.v3: ip:'s zstd). */
    static final String NATIVE_ACCESS =
            "--enable-native-access=io.jiio.core,io.jiio.linux,io.jiio.recording,io.jiio.cli,aircompressor.v3";

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static Path jar;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void findTheJar() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            jar = files.filter(f -> f.getFileName().toString().matches("jiio-cli-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no jiio-cli jar in " + TARGET));
        }
        assertTrue(Files.isDirectory(TARGET.resolve("lib")), "target/lib: the runtime dependencies");
    }

    /** {@code java [jvmArgs] --module-path JAR:lib --module io.jiio.cli ARGS}: the jar's ModuleMainClass is Jiio. */
    private List<String> jiio(List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("--module-path", jar + File.pathSeparator + TARGET.resolve("lib"), "--module", "io.jiio.cli"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Run run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void assertQuiet(Run r) {
        assertFalse(r.err().contains("WARNING"), r.err());
        assertFalse(r.err().contains("IllegalAccess"), r.err());
    }

    @Test
    void everyBackendIsFoundThroughItsProvides() throws Exception {
        Run unknown = run(jiio(List.of(NATIVE_ACCESS), "info", "-u", "nothing:"));
        assertNotEquals(0, unknown.exit());
        for (String scheme : List.of("sim:", "ip:", "xml:", "local:", "sigmf:")) {
            assertTrue(unknown.err().matches("(?s).*available: .*" + scheme + ".*"), scheme + " missing: " + unknown.err());
        }

        Run sim = run(jiio(List.of(NATIVE_ACCESS), "info", "-u", "sim:"));
        assertEquals(0, sim.exit(), sim.err());
        assertTrue(sim.out().contains("sim-adc"), sim.out());
        assertEquals("", sim.err());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run ip = run(jiio(List.of(NATIVE_ACCESS), "info", "-u", "ip:127.0.0.1:" + closed));
        assertNotEquals(0, ip.exit());
        assertTrue(ip.err().contains("cannot connect to 127.0.0.1:" + closed), ip.err());
        assertQuiet(ip);

        // local: over a generated sysfs tree, a FIFO for the device node: the data path is probed with
        // system calls through java.lang.foreign (io.jiio.linux's native access)
        Path dev = tmp.resolve("sys/bus/iio/devices/iio:device0");
        Files.createDirectories(dev.resolve("scan_elements"));
        Files.createDirectories(dev.resolve("buffer"));
        Files.writeString(dev.resolve("name"), "adc-x\n");
        Files.writeString(dev.resolve("scan_elements/in_voltage0_en"), "0\n");
        Files.writeString(dev.resolve("scan_elements/in_voltage0_index"), "0\n");
        Files.writeString(dev.resolve("scan_elements/in_voltage0_type"), "le:s16/16>>0\n");
        for (String a : List.of("enable", "length", "watermark")) {
            Files.writeString(dev.resolve("buffer").resolve(a), "0\n");
        }
        Files.createDirectories(tmp.resolve("dev"));
        assertEquals(0, new ProcessBuilder("mkfifo", tmp.resolve("dev/iio:device0").toString()).start().waitFor());
        Run local = run(jiio(List.of(NATIVE_ACCESS), "info", "-u", "local:sysfs=" + tmp.resolve("sys") + ",dev=" + tmp.resolve("dev")));
        assertEquals(0, local.exit(), local.err());
        assertTrue(local.out().contains("IIO context created with local backend."), local.out());
        assertTrue(local.out().contains("adc-x"), local.out());
        assertEquals("", local.err());
    }

    @Test
    void recordsAndReplaysASigmfRecording() throws Exception {
        String rec = tmp.resolve("rec").toString();
        Run record = run(jiio(List.of(NATIVE_ACCESS), "record", "-u", "sim:sim-adc.waveform=counter", "-s", "100000",
                "-o", rec, "sim-adc", "voltage0"));
        assertEquals(0, record.exit(), record.err());
        assertQuiet(record);
        assertTrue(Files.readString(Path.of(rec + ".sigmf-meta")).contains("\"core:datatype\""));

        Run replay = run(jiio(List.of(NATIVE_ACCESS), "read", "-u", "sigmf:" + rec, "-s", "3", "--format", "csv",
                "sim-adc", "voltage0"));
        assertEquals(0, replay.exit(), replay.err());
        assertEquals("voltage0\n0\n1\n2\n", replay.out());
        assertEquals("", replay.err());
    }

    @Test
    void servesOverIpWithZstdAndTheScopeBesideIt() throws Exception {
        Path log = tmp.resolve("serve.log");
        Process server = new ProcessBuilder(jiio(List.of(NATIVE_ACCESS), "serve", "-u", "sim:sim-adc.waveform=counter",
                "-p", "0", "--http", "0"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        try {
            Matcher iiod = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher("");
            Matcher scope = Pattern.compile("scope at (http://\\S+)").matcher("");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String text = "";
            while (!(iiod.reset(text).find() && scope.reset(text).find())) {
                assertTrue(server.isAlive(), text);
                assertTrue(System.nanoTime() < deadline, "no addresses in 60 s: " + text);
                Thread.sleep(100);
                text = Files.readString(log);
            }
            String ip = "ip:127.0.0.1:" + iiod.group(1);
            URI page = URI.create(scope.group(1));

            // the binary protocol: PRINT comes zstd-compressed (aircompressor's native library)
            Run info = run(jiio(List.of(NATIVE_ACCESS), "info", "-u", ip));
            assertEquals(0, info.exit(), info.err());
            assertTrue(info.out().contains("sim-adc"), info.out());
            assertTrue(info.out().contains("ip,protocol: binary"), info.out());
            assertEquals("", info.err());
            Run read = run(jiio(List.of(NATIVE_ACCESS), "read", "-u", ip, "-s", "3", "--format", "csv", "sim-adc", "voltage0"));
            assertEquals(0, read.exit(), read.err());
            assertEquals(4, read.out().lines().count(), read.out());

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            HttpResponse<String> uplot = http.send(HttpRequest.newBuilder(page.resolve("/uplot/uPlot.iife.min.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, uplot.statusCode(), "uPlot, a resource of io.jiio.scope");
            // Jetty calls the page's socket (io.jiio.scope.ViewerSocket) across the modules' boundary
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + page.getAuthority() + "/ws"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            first.complete(data.toString());
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            assertTrue(first.get(20, TimeUnit.SECONDS).contains("\"type\""));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        String text = Files.readString(log);
        assertFalse(text.contains("WARNING"), text);
        assertFalse(text.contains("Exception"), text);
    }

    @Test
    void aSimUserNeedsNoNativeAccessFlagOnTheClassPathOrTheModulePath() throws Exception {
        String probe = "io.jiio.probe.SimProbe";
        String testClasses = TARGET.resolve("test-classes").toString();
        Run cp = run(List.of(JAVA, "-cp", testClasses + File.pathSeparator + TARGET.resolve("lib") + File.separator + "*",
                probe));
        assertEquals(0, cp.exit(), cp.err());
        assertTrue(cp.out().contains("counter intact; io.jiio.core is on the class path, native access not granted"),
                cp.out());
        assertEquals("", cp.err(), "no restricted method called");

        Run mp = run(List.of(JAVA, "--module-path", TARGET.resolve("lib").toString(), "--add-modules", "ALL-MODULE-PATH",
                "-cp", testClasses, probe));
        assertEquals(0, mp.exit(), mp.err());
        assertTrue(mp.out().contains("counter intact; io.jiio.core is the module io.jiio.core, native access not granted"),
                mp.out());
        assertEquals("", mp.err(), "no restricted method called");
    }

    @Test
    void javaJarGrantsNativeAccessThroughTheManifest() throws Exception {
        // read asks isatty(2) through java.lang.foreign: without Enable-Native-Access the JDK would warn.
        Run r = run(List.of(JAVA, "-jar", jar.toString(), "read", "-u", "sim:sim-adc.waveform=counter", "-s", "3",
                "--format", "csv", "sim-adc", "voltage0"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("voltage0\n0\n1\n2\n", r.out());
        assertEquals("", r.err());
    }
}
