package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw text-protocol reader of the sim's counter (voltage0 only, S16: scan n reads {@code (short) n})
 * that negotiates {@code EXTENSION POSITION} and checks every chunk it gets: its firstScan is where
 * the last one ended plus its lostBefore, and its first sample is the counter at that firstScan, so
 * a gap is reported exactly where the counter jumps. A reader's stream starts at the device's enable
 * when its OPEN started the capture, else at the first block lent to it: the counter's value there
 * sets the offset between the two counts, checked from then on.
 */
final class PositionReader implements AutoCloseable {
    static final int SCAN_BYTES = 2;

    final TestClient client;
    final String name;
    /** Position after the last scan received. */
    long nextScan;
    long delivered;
    long lost;
    long episodes;
    long chunks;
    private long lastTimestamp;
    /** The device's scan index minus this reader's position (fixed by the first chunk). */
    private long offset = -1;

    PositionReader(IiodServer server, String name, long samples) throws IOException {
        this.client = new TestClient(server);
        this.name = name;
        assertEquals(0, client.command("EXTENSION POSITION"), name + ": the server offers the extension");
        assertEquals(0, client.command("OPEN sim-adc " + samples + " 00000001"), name + ": OPEN");
    }

    /** The client's own address, as the server's log names it. */
    String address() {
        return "127.0.0.1:" + client.socket.getLocalPort();
    }

    /** Asks for {@code scans} scans; sleeps {@code stallMs} after asking and before reading the reply. */
    void read(int scans, long stallMs) throws IOException, InterruptedException {
        long nbytes = (long) scans * SCAN_BYTES;
        client.send("READBUF sim-adc " + nbytes + "\r\n");
        if (stallMs > 0) {
            Thread.sleep(stallMs);
        }
        long got = 0;
        boolean first = true;
        while (got < nbytes) {
            long n = client.readInt();
            assertTrue(n >= 0, name + ": READBUF failed with " + n);
            if (n == 0) {
                break;
            }
            if (first) {
                assertEquals("00000001", client.readLine(), name + ": the mask line");
                first = false;
            }
            chunk(PositionRecord.parseLine(client.readLine()), client.readBytes((int) n));
            got += n;
        }
    }

    private void chunk(long[] position, byte[] data) {
        long firstScan = position[0];
        long lostBefore = position[1];
        long ts = position[2];
        String where = name + " chunk " + chunks + " at scan " + firstScan;
        assertTrue(lostBefore >= 0, where + ": the sim counts its losses, lostBefore " + lostBefore);
        assertEquals(nextScan + lostBefore, firstScan, where + ": firstScan = last end + lostBefore");
        assertEquals(0, data.length % SCAN_BYTES, where + ": whole scans");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (offset < 0) {
            offset = (b.getShort(0) - firstScan) & 0xFFFF;
        }
        for (int i = 0; b.hasRemaining(); i++) {
            short v = b.getShort();
            if (v != (short) (offset + firstScan + i)) {
                throw new AssertionError(where + ": scan " + i + " of the chunk reads " + v + ", the counter says "
                        + (short) (offset + firstScan + i) + " (a gap not where it was reported)");
            }
        }
        assertTrue(ts >= lastTimestamp, where + ": timestamps go forward (" + ts + " after " + lastTimestamp + ")");
        lastTimestamp = ts;
        long scans = data.length / SCAN_BYTES;
        nextScan = firstScan + scans;
        delivered += scans;
        lost += lostBefore;
        if (lostBefore > 0) {
            episodes++;
        }
        chunks++;
    }

    /** delivered + reported lost = produced (the counter's own count up to here). */
    void assertAccounted() {
        assertEquals(nextScan, delivered + lost, name + ": delivered " + delivered + " + lost " + lost
                + " = produced " + nextScan);
        assertTrue(chunks > 0, name + ": read something");
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
