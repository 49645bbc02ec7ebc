package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several clients reading one input device share its capture: each gets the full scans of the
 * union mask (named in every READBUF reply) and picks out its own channels. The sim's counter
 * waveform makes channel k of scan n read {@code (short) (n + k)}, so each reader can check every
 * one of its samples.
 */
@Timeout(120)
class SharedCaptureTest {
    private static final String COUNTER = "sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0";
    private Context ctx;
    private IiodServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private IiodServer serve(ServerConfig cfg) {
        ctx = Context.open(COUNTER);
        server = IiodServer.start(ctx, InetAddress.getLoopbackAddress(), 0, cfg);
        return server;
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    /** One READBUF reply: the mask it named and its data (whole scans). */
    record Reply(String mask, byte[] data) {
    }

    static Reply readbuf(TestClient c, int nbytes) throws IOException {
        c.send("READBUF sim-adc " + nbytes + "\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String mask = null;
        int got = 0;
        while (got < nbytes) {
            long n = c.readInt();
            if (n < 0) {
                throw new IOException("READBUF failed: " + n);
            }
            if (n == 0) {
                break;
            }
            if (mask == null) {
                mask = c.readLine();
            }
            out.write(c.readBytes((int) n));
            got += (int) n;
        }
        return new Reply(mask, out.toByteArray());
    }

    /**
     * A client reading its own channels (voltage positions, S16 each) out of the union scans and
     * checking every sample against the counter.
     */
    static final class Reader {
        final TestClient client;
        final int ownMask;
        final boolean strictFromZero;
        long next = -1;
        long scans;
        int lastUnion = -1;
        int maskChanges;

        Reader(TestClient client, int ownMask, boolean strictFromZero) {
            this.client = client;
            this.ownMask = ownMask;
            this.strictFromZero = strictFromZero;
            if (strictFromZero) {
                next = 0;
            }
        }

        /** Reads and checks until {@code total} scans have arrived. */
        void readScans(long total, int readSize) throws IOException {
            while (scans < total) {
                Reply r = readbuf(client, readSize);
                if (r.mask() == null) {
                    continue;
                }
                int union = Integer.parseInt(r.mask(), 16);
                assertEquals(ownMask, union & ownMask, "the union mask " + r.mask() + " holds my channels");
                if (union != lastUnion) {
                    if (lastUnion >= 0) {
                        maskChanges++;
                        next = 0; // the capture was reopened with a larger union: the device restarts
                    }
                    lastUnion = union;
                }
                int width = Integer.bitCount(union) * 2;
                assertEquals(0, r.data().length % width, "whole scans only");
                ByteBuffer b = ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    int slot = 0;
                    for (int k = 0; k < 4; k++) {
                        if ((union & (1 << k)) == 0) {
                            continue;
                        }
                        short v = b.getShort(b.position() + 2 * slot);
                        slot++;
                        if ((ownMask & (1 << k)) == 0) {
                            continue;
                        }
                        if (next < 0) {
                            next = (v - k) & 0xFFFF;
                        }
                        if (v != (short) (next + k)) {
                            throw new AssertionError("mask " + Integer.toHexString(ownMask) + ": scan " + scans
                                    + " channel " + k + " is " + v + ", expected " + (short) (next + k));
                        }
                    }
                    b.position(b.position() + width);
                    next++;
                    scans++;
                }
            }
        }
    }

    private static String hex(int mask) {
        return String.format("%08x", mask);
    }

    private void concurrentReaders(int... masks) throws Exception {
        serve(ServerConfig.defaults());
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int m : masks) {
                TestClient c = new TestClient(server);
                clients.add(c);
                assertEquals(0, c.command("OPEN sim-adc 4096 " + hex(m)));
            }
            assertEquals(1, server.openBufferCount(), "one capture for all the readers");
            List<Future<Long>> done = new ArrayList<>();
            int[] sizes = {4000, 6006, 12288, 1000};
            for (int i = 0; i < masks.length; i++) {
                Reader r = new Reader(clients.get(i), masks[i], true);
                int size = sizes[i];
                done.add(pool.submit(() -> {
                    r.readScans(250_000, size);
                    assertEquals(0, r.maskChanges);
                    return r.scans;
                }));
            }
            for (Future<Long> f : done) {
                assertTrue(f.get(60, TimeUnit.SECONDS) >= 250_000);
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
        awaitNoBuffers();
    }

    private void awaitNoBuffers() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.openBufferCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.openBufferCount(), "the capture stopped when the last reader left");
    }

    @Test
    void twoReadersWithDifferentMasksEachGetEveryOneOfTheirSamples() throws Exception {
        concurrentReaders(0x1, 0x6);
    }

    @Test
    void threeReadersWithDifferentMasksEachGetEveryOneOfTheirSamples() throws Exception {
        concurrentReaders(0x3, 0x4, 0xA);
    }

    @Test
    void readersLeavingMidStreamDoNotDisturbTheOthers() throws Exception {
        serve(ServerConfig.defaults());
        try (TestClient a = new TestClient(server); TestClient b = new TestClient(server)) {
            TestClient c = new TestClient(server);
            assertEquals(0, a.command("OPEN sim-adc 1024 00000001"));
            assertEquals(0, b.command("OPEN sim-adc 1024 00000002"));
            assertEquals(0, c.command("OPEN sim-adc 1024 00000008"));
            Future<Long> fa = pool.submit(() -> {
                Reader r = new Reader(a, 0x1, true);
                r.readScans(1_000_000, 4096);
                return r.scans;
            });
            Future<Void> fb = pool.submit((Callable<Void>) () -> {
                new Reader(b, 0x2, true).readScans(50_000, 2048);
                assertEquals(0, b.command("CLOSE sim-adc"));
                assertEquals("0.24.jiio000", ProtocolTest.version(b));
                return null;
            });
            Future<Void> fc = pool.submit((Callable<Void>) () -> {
                new Reader(c, 0x8, true).readScans(30_000, 3000);
                c.send("READBUF sim-adc 1000000\r\n");
                c.readBytes(1000);
                c.socket.setSoLinger(true, 0);
                c.close();
                return null;
            });
            fb.get(60, TimeUnit.SECONDS);
            fc.get(60, TimeUnit.SECONDS);
            // A reader that joins late and EXITs leaves as well.
            try (TestClient d = new TestClient(server)) {
                assertEquals(0, d.command("OPEN sim-adc 64 00000001"));
                Reply r = readbuf(d, 128);
                assertEquals("0000000b", r.mask());
                d.send("EXIT\r\n");
                assertTrue(d.closedByServer());
            }
            assertTrue(fa.get(60, TimeUnit.SECONDS) >= 1_000_000);
        }
        awaitNoBuffers();
    }

    @Test
    void aSlowReaderDoesNotStopAFastOneAndLosesWholeBlocksOnly() throws Exception {
        serve(ServerConfig.defaults().withSlowReaderGraceMs(200));
        try (TestClient fast = new TestClient(server); TestClient slow = new TestClient(server)) {
            assertEquals(0, fast.command("OPEN sim-adc 1024 00000001"));
            assertEquals(0, slow.command("OPEN sim-adc 1024 00000002"));
            Reader f = new Reader(fast, 0x1, true);
            f.readScans(400_000, 8192);
            assertTrue(server.droppedScans() > 0, "the slow reader's oldest data was dropped");
            // What the slow reader still gets (its newest blocks) is whole, consistent scans.
            for (int i = 0; i < 50; i++) {
                Reply r = readbuf(slow, 4000);
                assertEquals("00000003", r.mask());
                assertEquals(4000, r.data().length);
                ByteBuffer b = ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    short v0 = b.getShort();
                    short v1 = b.getShort();
                    assertEquals((short) (v0 + 1), v1);
                }
            }
        }
        awaitNoBuffers();
    }

    @Test
    void aLargerMaskReopensTheCaptureAtABlockBoundary() throws Exception {
        serve(ServerConfig.defaults());
        try (TestClient a = new TestClient(server); TestClient b = new TestClient(server)) {
            assertEquals(0, a.command("OPEN sim-adc 1024 00000001"));
            Reader ra = new Reader(a, 0x1, true);
            ra.readScans(20_000, 3000);
            assertEquals(0, b.command("OPEN sim-adc 512 00000006"));
            Reader rb = new Reader(b, 0x6, true);
            Future<Long> fb = pool.submit(() -> {
                rb.readScans(200_000, 5000);
                return rb.scans;
            });
            ra.readScans(400_000, 3000);
            assertTrue(fb.get(60, TimeUnit.SECONDS) >= 200_000);
            assertEquals(1, ra.maskChanges, "A saw the capture grow once");
            assertEquals(0x7, ra.lastUnion);
            assertEquals(0, rb.maskChanges);
        }
        awaitNoBuffers();
    }

    /**
     * A reader that stops reading in the middle of a block holds that block; when the capture must
     * grow, the old blocks must all come back first, so after the grace period that reader's
     * connection is cut rather than the capture waiting for ever.
     */
    @Test
    void aReaderStuckMidBlockIsCutWhenTheCaptureMustGrow() throws Exception {
        serve(ServerConfig.defaults().withSlowReaderGraceMs(300));
        try (TestClient stuck = new TestClient(server); TestClient grower = new TestClient(server)) {
            // 8 MiB blocks: far more than the sockets buffer, so the server's write blocks mid-block.
            assertEquals(0, stuck.command("OPEN sim-adc 4194304 00000001"));
            stuck.send("READBUF sim-adc 100000000\r\n");
            Thread.sleep(500); // and never read
            assertEquals(0, grower.command("OPEN sim-adc 1024 00000006"));
            Reply r = readbuf(grower, 4096);
            // Reopened once the stuck reader was cut: with its channel if it had not left yet (7),
            // without it if it had (6); either way the grower's channels are there.
            int mask = Integer.parseInt(r.mask(), 16);
            assertEquals(6, mask & 6, r.mask());
            int scan = 2 * Integer.bitCount(mask);
            assertEquals(4096 / scan * scan, r.data().length, "whole scans");
            long drained = 0;
            while (!stuck.closedByServer()) {
                drained += stuck.input().skip(1 << 20);
                assertTrue(drained < 1L << 30, "the stuck reader's connection was cut");
            }
        }
        awaitNoBuffers();
    }
}
