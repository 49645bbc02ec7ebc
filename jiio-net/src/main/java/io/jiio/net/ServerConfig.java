package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;

/**
 * Per-server limits that keep one client from hurting the others.
 *
 * @param maxConnections   clients served at once; further connections are closed at once
 * @param maxLineBytes     longest request line (longer: {@code -22}, then the connection closes,
 *                         since the rest of the line cannot be told from the next request)
 * @param maxWriteBytes    largest attribute WRITE payload (larger: {@code -EMSGSIZE} after the
 *                         payload has been skipped, so the session stays in step)
 * @param maxBufferBytes   largest buffer (samples × scan size) one OPEN may ask for
 * @param defaultBlocks    blocks per buffer until {@code SET dev BUFFERS_COUNT n} says otherwise
 * @param defaultTimeoutMs how long READBUF/WRITEBUF wait for the device until TIMEOUT changes it
 *                         (0: for ever)
 * @param slowReaderGraceMs how long a shared capture waits for a reader that holds blocks and
 *                          takes none while the device starves, before that reader's oldest
 *                          blocks are dropped instead (counted in {@link IiodServer#droppedScans()})
 * @param offerBinary       whether {@code BINARY} switches a connection to libiio 1.x's binary
 *                          protocol; a text-only server answers it {@code -ENOSYS}, which libiio's
 *                          clients and jiio's take as "stay with text"
 */
public record ServerConfig(int maxConnections, int maxLineBytes, int maxWriteBytes, long maxBufferBytes,
                           int defaultBlocks, long defaultTimeoutMs, long slowReaderGraceMs,
                           boolean offerBinary) {
    /** The limits without the shared-capture grace (default) and with binary offered. */
    public ServerConfig(int maxConnections, int maxLineBytes, int maxWriteBytes, long maxBufferBytes,
                        int defaultBlocks, long defaultTimeoutMs) {
        this(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                DEFAULT_SLOW_READER_GRACE_MS, true);
    }

    public static final long DEFAULT_SLOW_READER_GRACE_MS = 2000;

    public static final int MAX_BLOCKS = 64;

    public ServerConfig {
        check(maxConnections >= 1, "maxConnections " + maxConnections + " must be at least 1");
        check(maxLineBytes >= 64, "maxLineBytes " + maxLineBytes + " must be at least 64");
        check(maxWriteBytes >= 1, "maxWriteBytes " + maxWriteBytes + " must be at least 1");
        check(maxBufferBytes >= 1 && maxBufferBytes <= 1L << 32,
                "maxBufferBytes " + maxBufferBytes + " is out of range 1..4 GiB");
        check(defaultBlocks >= 1 && defaultBlocks <= MAX_BLOCKS,
                "defaultBlocks " + defaultBlocks + " is out of range 1.." + MAX_BLOCKS);
        check(defaultTimeoutMs >= 0, "defaultTimeoutMs " + defaultTimeoutMs + " is negative");
        check(slowReaderGraceMs >= 0, "slowReaderGraceMs " + slowReaderGraceMs + " is negative");
    }

    /** 64 clients, 4 KiB lines, 1 MiB attribute writes, 256 MiB buffers, 4 blocks, 5 s, 2 s grace for slow readers. */
    public static ServerConfig defaults() {
        return new ServerConfig(64, 4096, 1 << 20, 256L << 20, 4, 5000);
    }

    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(n, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary);
    }

    public ServerConfig withMaxLineBytes(int n) {
        return new ServerConfig(maxConnections, n, maxWriteBytes, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary);
    }

    public ServerConfig withMaxWriteBytes(int n) {
        return new ServerConfig(maxConnections, maxLineBytes, n, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary);
    }

    public ServerConfig withMaxBufferBytes(long n) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, n, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary);
    }

    public ServerConfig withDefaultTimeoutMs(long ms) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks, ms,
                slowReaderGraceMs, offerBinary);
    }


    public ServerConfig withSlowReaderGraceMs(long ms) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, ms, offerBinary);
    }

    /** This config with libiio 1.x's binary protocol not offered: text only. */
    public ServerConfig textOnly() {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, slowReaderGraceMs, false);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IioException(Errno.EINVAL, "ServerConfig." + message);
        }
    }
}
