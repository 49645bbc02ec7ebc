package io.jiio.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.net.IiodServer;
import io.jiio.net.ServerConfig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the text client does with READBUF's answers that are not simply "here are your scans". */
@Timeout(60)
class TextReadbufTest {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private static IiodServer serve(String uri) {
        return IiodServer.start(Context.open(uri), InetAddress.getLoopbackAddress(), 0, ServerConfig.defaults());
    }

    private static Context text(IiodServer s, long timeoutMs) {
        NetContextProvider.Endpoint ep = NetContextProvider.parse("ip:127.0.0.1:" + s.port() + ",protocol=text");
        return NetBackend.open("ip:127.0.0.1:" + s.port() + ",protocol=text", ep, timeoutMs);
    }

    /**
     * A wider reader shares the server's capture, so READBUF sends scans of the union mask (and names
     * it). The narrow reader must keep its own two channels: taking 4-channel scans as two 2-channel
     * scans would give (v0,v1),(v2,v3) — the right size, the wrong samples.
     */
    @Test
    void aReaderSharingACaptureWithAWiderOneGetsOnlyItsOwnChannels() throws Exception {
        try (IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=200000");
             Context wideCtx = text(server, 5000); Context narrowCtx = text(server, 5000)) {
            Device wide = wideCtx.requireDevice("sim-adc");
            AtomicBoolean stop = new AtomicBoolean();
            try (BlockQueue w = wide.openBuffer(wide.mask("voltage0", "voltage1", "voltage2", "voltage3"))) {
                w.allocate(4, 8L * 1000).forEach(w::enqueue);
                w.enable();
                Thread reader = Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        w.enqueue(w.dequeue(5, TimeUnit.SECONDS));
                    }
                });
                Device narrow = narrowCtx.requireDevice("sim-adc");
                long checked = 0;
                try (BlockQueue q = narrow.openBuffer(narrow.mask("voltage0", "voltage1"))) {
                    q.allocate(4, 4L * 1000).forEach(q::enqueue);
                    q.enable();
                    while (checked < 20_000) {
                        Block b = q.dequeue(5, TimeUnit.SECONDS);
                        MemorySegment m = q.map(b);
                        long scans = b.bytesUsed() / 4;
                        assertTrue(scans > 0, "an empty block");
                        short first = m.get(S16, 0);
                        for (long s = 0; s < scans; s++) {
                            short v0 = m.get(S16, s * 4);
                            short v1 = m.get(S16, s * 4 + 2);
                            assertEquals((short) (first + s), v0, "voltage0 of scan " + s + " of a block");
                            assertEquals((short) (v0 + 1), v1, "voltage1 of scan " + s + " of a block");
                        }
                        checked += scans;
                        q.enqueue(b);
                    }
                } finally {
                    stop.set(true);
                    reader.join();
                }
            }
        }
    }

    /**
     * A device slower than the server's TIMEOUT: READBUF is answered -110 until a block is full. The
     * client asks again (a bounded number of times) and the block arrives whole; it neither spins nor
     * gives up while the block is still on its way.
     */
    @Test
    void aDeviceSlowerThanTheTimeoutIsAskedAgainUntilItsBlockIsFull() {
        try (IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=4");
             Context net = text(server, 300)) {
            Device adc = net.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                q.allocate(2, 2L * 4).forEach(q::enqueue); // 4 scans at 4 Hz: a second per block
                q.enable();
                long t0 = System.nanoTime();
                Block b = q.dequeue(10, TimeUnit.SECONDS);
                assertEquals(8, b.bytesUsed());
                assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(500), "the block took its time");
                MemorySegment m = q.map(b);
                for (int s = 0; s < 4; s++) {
                    assertEquals((short) (m.get(S16, 0) + s), m.get(S16, 2L * s));
                }
            }
        }
    }

    /**
     * Beyond what the device's rate explains, the client stops asking and says why: the device was
     * slowed on the server after the client had read its rate, so its blocks never come in time.
     */
    @Test
    void aDeviceFarSlowerThanItsRateSaysIsReportedNotWaitedForForEver() {
        try (IiodServer server = serve("sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=1000");
             Context net = text(server, 300)) {
            Device adc = net.requireDevice("sim-adc");
            try (BlockQueue q = adc.openBuffer(adc.mask("voltage0"))) {
                server.context().requireDevice("sim-adc").requireAttribute(AttributeKind.DEVICE, "sampling_frequency")
                        .write(1);
                q.allocate(2, 2L * 100).forEach(q::enqueue); // 100 scans: 0.1 s at the rate read, 100 s now
                q.enable();
                long t0 = System.nanoTime();
                // No block at all, not even an empty one (a failing queue's aborted blocks once were).
                IioException e = assertThrows(IioException.class, () -> q.dequeue(20, TimeUnit.SECONDS));
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "reported within the budget");
                assertEquals(Errno.ETIMEDOUT, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("READBUF answered -110") && e.getMessage().contains("sim-adc"),
                        e.getMessage());
            }
        }
    }
}
