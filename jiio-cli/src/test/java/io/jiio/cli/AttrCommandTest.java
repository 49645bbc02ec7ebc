package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttrCommandTest {

    @Test
    void readsOneDeviceAttribute() {
        Cli.Result r = Cli.run("attr", "-u", "sim:sim-adc.sampling_frequency=48000", "-d", "sim-adc", "sampling_frequency");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("48000\n", r.stdout());
    }

    @Test
    void writesADeviceAttributeAndPrintsItReadBack() {
        Cli.Result r = Cli.run("attr", "-d", "sim-adc", "sampling_frequency", "1234");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("1234\n", r.stdout());
    }

    @Test
    void writesAChannelAttributeAndPrintsItReadBack() {
        Cli.Result r = Cli.run("attr", "-c", "sim-adc", "voltage0", "scale", "0.5");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("0.5\n", r.stdout());
    }

    @Test
    void deviceIsFoundByIdAsWellAsName() {
        Cli.Result r = Cli.run("attr", "-u", "sim:sim-adc.waveform=counter", "-d", "iio:device0", "waveform");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertEquals("counter\n", r.stdout());
    }

    @Test
    void listsEveryAttributeOfAKindWithValues() {
        String device = Cli.run("attr", "-u", "sim:sim-adc.sampling_frequency=777", "-d", "sim-adc").stdout();
        assertTrue(device.contains("dev 'sim-adc', attr 'sampling_frequency', value: '777'\n"), device);

        String channel = Cli.run("attr", "-u", "sim:sim-dac.voltage1.raw=-5", "-c", "sim-dac", "voltage1").stdout();
        assertTrue(channel.contains("dev 'sim-dac', channel 'voltage1' (output), attr 'raw', value: '-5'\n"), channel);

        String buffer = Cli.run("attr", "-B", "sim-adc").stdout();
        assertTrue(buffer.contains("dev 'sim-adc', buffer attr 'enable', value: '0'\n"), buffer);

        String debug = Cli.run("attr", "-D", "sim-adc").stdout();
        assertTrue(debug.contains("dev 'sim-adc', debug attr 'direct_reg_access', value: "), debug);
    }

    @Test
    void contextAttributes() {
        Cli.Result all = Cli.run("attr", "-C");
        assertEquals(ExitCodes.OK, all.exitCode(), all::toString);
        assertTrue(all.stdout().contains("uri: sim:\n"), all.stdout());

        Cli.Result one = Cli.run("attr", "-u", "sim:", "-C", "uri");
        assertEquals("sim:\n", one.stdout());

        Cli.Result missing = Cli.run("attr", "-C", "no_such_attr");
        assertEquals(ExitCodes.ERROR, missing.exitCode());
        assertTrue(missing.stderr().contains("no attribute 'no_such_attr'"), missing.stderr());
    }

    @Test
    void directionFlagsPickTheChannel() {
        Cli.Result wrongWay = Cli.run("attr", "-c", "-o", "sim-adc", "voltage0", "scale");
        assertEquals(ExitCodes.ERROR, wrongWay.exitCode());
        assertTrue(wrongWay.stderr().contains("no output channel 'voltage0' (it is an input channel)"),
                wrongWay.stderr());

        Cli.Result rightWay = Cli.run("attr", "-c", "-i", "sim-adc", "voltage0", "offset");
        assertEquals(ExitCodes.OK, rightWay.exitCode(), rightWay::toString);
        assertEquals("0\n", rightWay.stdout());
    }

    @Test
    void unknownDeviceIsARuntimeErrorNamingIt() {
        Cli.Result r = Cli.run("attr", "-d", "no-such-adc", "sampling_frequency");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("jiio attr: "), r.stderr());
        assertTrue(r.stderr().contains("no-such-adc"), r.stderr());
    }

    @Test
    void unknownAttributeAndChannelNameThemselves() {
        Cli.Result attr = Cli.run("attr", "-d", "sim-adc", "gain");
        assertEquals(ExitCodes.ERROR, attr.exitCode());
        assertTrue(attr.stderr().contains("'gain'"), attr.stderr());

        Cli.Result channel = Cli.run("attr", "-c", "sim-adc", "voltage9", "raw");
        assertEquals(ExitCodes.ERROR, channel.exitCode());
        assertTrue(channel.stderr().contains("no channel 'voltage9'"), channel.stderr());
    }

    @Test
    void rejectedValueIsARuntimeError() {
        Cli.Result r = Cli.run("attr", "-d", "sim-adc", "sampling_frequency", "fast");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("fast"), r.stderr());
    }

    @Test
    void wrongShapesAreUsageErrors() {
        Cli.Result missing = Cli.run("attr", "-c");
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertTrue(missing.stderr().contains("expected -c DEVICE [CHANNEL [ATTR [VALUE]]], got 0 arguments"),
                missing.stderr());

        assertEquals(ExitCodes.USAGE, Cli.run("attr", "-d", "sim-adc", "a", "b", "c").exitCode(), "too many");
        assertEquals(ExitCodes.USAGE, Cli.run("attr", "-C", "uri", "x").exitCode(), "context attrs are read-only");
        assertEquals(ExitCodes.USAGE, Cli.run("attr", "sim-adc").exitCode(), "no kind");
        assertEquals(ExitCodes.USAGE, Cli.run("attr", "-d", "-B", "sim-adc").exitCode(), "two kinds");
        assertEquals(ExitCodes.USAGE, Cli.run("attr", "-i", "-d", "sim-adc").exitCode(), "-i without -c");
    }

    @Test
    void withoutADeviceOrChannelTheyAreListedAsIioAttrDoes() {
        Cli.Result r = Cli.run("attr", "-u", "sim:", "-d");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("IIO context has 3 devices:") && r.stdout().contains("iio:device0: sim-adc, found 4 device attributes"),
                r.stdout());
        r = Cli.run("attr", "-u", "sim:", "-c", "sim-adc");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("dev 'sim-adc', channel 'voltage1' (input), found 3 channel-specific attributes"),
                r.stdout());
    }

    @Test
    void regWritesAndReadsARegisterAsIioRegDoes() {
        // Through a served sim, so the write and the read see the same register file.
        try (io.jiio.model.Context sim = io.jiio.model.Context.open("sim:");
             io.jiio.net.IiodServer server = io.jiio.net.IiodServer.start(sim, java.net.InetAddress.getLoopbackAddress(),
                     0, io.jiio.net.ServerConfig.defaults())) {
            String uri = "ip:127.0.0.1:" + server.port();
            Cli.Result w = Cli.run("reg", "-u", uri, "sim-adc", "0x10", "0x55");
            assertEquals(ExitCodes.OK, w.exitCode(), w::toString);
            Cli.Result r = Cli.run("reg", "-u", uri, "sim-adc", "16");
            assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
            assertEquals("0x55", r.stdout().trim());
        }
        Cli.Result bad = Cli.run("reg", "-u", "sim:", "sim-adc", "zz");
        assertEquals(ExitCodes.ERROR, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("ADDRESS 'zz' is not a 32-bit number"), bad.stderr());
    }
}
