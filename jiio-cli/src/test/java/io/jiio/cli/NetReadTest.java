package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.net.InetAddress;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jiio read and info through the ip: client, over the binary protocol and the text fallback. */
@Timeout(60)
class NetReadTest {

    private static void assertCounter(Cli.Result r, int scans) {
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        ShortBuffer s = r.samples();
        assertEquals(scans * 2, s.remaining());
        for (int n = 0; n < scans; n++) {
            if (s.get(2 * n) != (short) n || s.get(2 * n + 1) != (short) (n + 1)) {
                throw new AssertionError("scan " + n + ": " + s.get(2 * n) + "," + s.get(2 * n + 1));
            }
        }
    }

    @Test
    void readStreamsEveryScanOverBinaryAndOverText() {
        for (ServerConfig cfg : new ServerConfig[] {ServerConfig.defaults(), ServerConfig.defaults().textOnly()}) {
            try (Context ctx = Context.open(Cli.COUNTER);
                 IiodServer server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, cfg)) {
                String uri = "ip:127.0.0.1:" + server.port();
                Cli.Result r = Cli.run("read", "-u", uri, "-b", "1000", "--blocks", "8", "-s", "200000", "--stats",
                        "sim-adc", "voltage0", "voltage1");
                assertCounter(r, 200_000);
                String protocol = cfg.offerBinary() ? "binary" : "text";
                assertTrue(r.stderr().contains("jiio read: mode block over ip: " + protocol + ", 200 blocks, 200000 scans"),
                        r.stderr());
                Cli.Result info = Cli.run("info", "-u", uri);
                assertEquals(ExitCodes.OK, info.exitCode(), info::toString);
                assertTrue(info.stdout().contains("ip,protocol: " + protocol), info.stdout());
            }
        }
    }

    @Test
    void protocolBinaryAgainstATextOnlyServerIsAClearError() {
        try (Context ctx = Context.open(Cli.COUNTER);
             IiodServer server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0,
                     ServerConfig.defaults().textOnly())) {
            Cli.Result r = Cli.run("read", "-u", "ip:127.0.0.1:" + server.port() + ",protocol=binary", "-s", "10",
                    "sim-adc");
            assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("does not offer libiio 1.x's binary protocol"), r.stderr());
        }
    }
}
