package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiio.model.Context;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jiio genxml} and the xml: context ({@code -x FILE}), checked against libiio's own tools where present. */
@Timeout(60)
class GenxmlCommandTest {
    private static final Path IIO_INFO = Path.of("/usr/bin/iio_info");
    private static final Path IIO_GENXML = Path.of("/usr/bin/iio_genxml");

    @TempDir
    Path dir;

    private Path genxml(String uri) throws IOException {
        Cli.Result r = Cli.run("genxml", "-u", uri);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("<?xml version=\"1.0\""), r.stdout());
        Path f = dir.resolve("ctx.xml");
        Files.writeString(f, r.stdout());
        return f;
    }

    /** The lines of info that describe the shape (devices, channels, formats): the same from the XML. */
    private static List<String> shape(String info) {
        return info.lines().filter(l -> l.matches("\\s*(iio:device\\d+|trigger\\d+):.*|.*\\((input|output).*"))
                .toList();
    }

    @Test
    void theXmlOpensAgainWithTheSameShape() throws IOException {
        Path f = genxml(Cli.COUNTER);
        Cli.Result live = Cli.run("info", "-u", Cli.COUNTER);
        Cli.Result fromXml = Cli.run("info", "-x", f.toString());
        assertEquals(ExitCodes.OK, fromXml.exitCode(), fromXml::toString);
        assertTrue(fromXml.stdout().contains("IIO context created with xml backend."), fromXml.stdout());
        List<String> expected = shape(live.stdout());
        assertTrue(expected.size() > 5, live.stdout());
        assertEquals(expected, shape(fromXml.stdout()));
        assertEquals(shape(fromXml.stdout()), shape(Cli.run("info", "-u", "xml:" + f).stdout()), "-x is -u xml:");
        // No values, said so in place of each one.
        assertTrue(fromXml.stdout().contains("ERROR: reading raw: xml:" + f + " describes a context, without values"),
                fromXml.stdout());
    }

    @Test
    void nothingStreamsFromADescription() throws IOException {
        Path f = genxml(Cli.COUNTER);
        Cli.Result r = Cli.run("read", "-x", f.toString(), "-s", "10", "sim-adc");
        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("a buffer of sim-adc: xml:" + f) && r.stderr().contains("(ENOSYS)"), r.stderr());
    }

    @Test
    void badFilesAndBadOptionsAreNamed() throws IOException {
        Cli.Result missing = Cli.run("info", "-x", dir.resolve("nope.xml").toString());
        assertEquals(ExitCodes.ERROR, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("no file " + dir.resolve("nope.xml")) && missing.stderr().contains("(ENOENT)"),
                missing.stderr());
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<context name=\"x\"><device id=\"a\"></context>");
        Cli.Result bad = Cli.run("info", "-x", broken.toString());
        assertEquals(ExitCodes.ERROR, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("does not parse (line 1") && bad.stderr().contains("(EPROTO)"), bad.stderr());
        Cli.Result both = Cli.run("info", "-x", broken.toString(), "-u", "sim:");
        assertEquals(ExitCodes.USAGE, both.exitCode(), both::toString);
        assertTrue(both.stderr().contains("-x and -u both name a context"), both.stderr());
    }

    /** libiio 0.24's iio_info reads what genxml writes. */
    @Test
    void libiiosIioInfoReadsIt() throws Exception {
        assumeTrue(Files.isExecutable(IIO_INFO), "libiio's iio_info is not installed (apt-get install libiio-utils)");
        Path f = genxml(Cli.COUNTER);
        Process p = new ProcessBuilder(IIO_INFO.toString(), "-x", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("iio:device0: sim-adc (buffer capable)") && out.contains("format: le:S16/16>>0"), out);
    }

    /** And jiio reads what libiio 0.24's iio_genxml prints, its "XML generated:" wrapper included. */
    @Test
    void jiioReadsIioGenxmlsOutput() throws Exception {
        assumeTrue(Files.isExecutable(IIO_GENXML), "libiio's iio_genxml is not installed (apt-get install libiio-utils)");
        try (IiodServer server = IiodServer.start(Context.open(Cli.COUNTER), InetAddress.getLoopbackAddress(), 0,
                ServerConfig.defaults())) {
            Path f = dir.resolve("libiio.xml");
            Process p = new ProcessBuilder(IIO_GENXML.toString(), "-u", "ip:127.0.0.1:" + server.port())
                    .redirectOutput(f.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(f));
            Cli.Result r = Cli.run("info", "-x", f.toString());
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals(shape(Cli.run("info", "-u", Cli.COUNTER).stdout()), shape(r.stdout()));
        }
    }
}
