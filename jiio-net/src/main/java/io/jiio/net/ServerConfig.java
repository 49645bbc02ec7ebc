package io.jiio.net;

import io.jiio.Errno;
import io.jiio.IioException;

/**
 * Per-server limits that keep one client from hurting the others.
 *
 * @param maxConnections   clients served at once; when all are taken, a newcomer displaces the client
 *                         idle the longest if that one has been idle for {@code requestTimeoutMs}, and
 *                         is closed at once otherwise
 * @param maxLineBytes     longest request line (longer: {@code -22}, then the connection closes,
 *                         since the rest of the line cannot be told from the next request)
 * @param maxWriteBytes    largest attribute WRITE payload (larger: {@code -EMSGSIZE} after the
 *                         payload has been skipped, so the session stays in step)
 * @param maxBufferBytes   largest buffer one client may open: all its blocks together (samples ×
 *                         scan size × blocks)
 * @param defaultBlocks    blocks per buffer until {@code SET dev BUFFERS_COUNT n} says otherwise
 * @param defaultTimeoutMs how long READBUF/WRITEBUF wait for the device until TIMEOUT changes it
 *                         (0: for ever)
 * @param slowReaderGraceMs how long a shared capture waits for a reader that holds blocks and
 *                          takes none while the device starves, before that reader's oldest
 *                          blocks are dropped instead (counted in {@link IiodServer#droppedScans()})
 * @param offerBinary       whether {@code BINARY} switches a connection to libiio 1.x's binary
 *                          protocol; a text-only server answers it {@code -ENOSYS}, which libiio's
 *                          clients and jiio's take as "stay with text"
 * @param maxMemoryBytes    sample memory of all buffers of all clients together; a buffer that would
 *                          pass it is refused with ENOMEM
 * @param idleTimeoutMs     a client that sends no request for this long is disconnected, and one that
 *                          takes none of a reply for this long too (0: never)
 * @param requestTimeoutMs  a request once begun must arrive within this (a payload gets more time
 *                          the larger it is, see {@link #payloadNanos}); a client that trickles
 *                          bytes (slowloris) or stops half-way is disconnected and its buffers freed
 * @param keepAliveSeconds  TCP keepalive: idle seconds before the first probe (probes then every
 *                          {@link #KEEPALIVE_INTERVAL_S} s, {@link #KEEPALIVE_PROBES} of them), so a peer
 *                          that vanished without a word is found; 0: off
 */
public record ServerConfig(int maxConnections, int maxLineBytes, int maxWriteBytes, long maxBufferBytes,
                           int defaultBlocks, long defaultTimeoutMs, long slowReaderGraceMs,
                           boolean offerBinary, long maxMemoryBytes, long idleTimeoutMs, long requestTimeoutMs,
                           int keepAliveSeconds) {

    /** {@link #slowReaderGraceMs} of {@link #defaults()}: 2 s. */
    public static final long DEFAULT_SLOW_READER_GRACE_MS = 2000;
    /** {@link #maxMemoryBytes} of {@link #defaults()}: 1 GiB. */
    public static final long DEFAULT_MAX_MEMORY_BYTES = 1L << 30;
    /** {@link #requestTimeoutMs} of {@link #defaults()}: 10 s. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
    /** {@link #keepAliveSeconds} of {@link #defaults()}: 30 s. */
    public static final int DEFAULT_KEEPALIVE_S = 30;
    /** Seconds between TCP keepalive probes, once they have begun. */
    public static final int KEEPALIVE_INTERVAL_S = 10;
    /** Unanswered TCP keepalive probes after which the connection is dropped. */
    public static final int KEEPALIVE_PROBES = 6;
    /** A payload may take its request timeout plus its size at this rate: slow links pass, trickles do not. */
    public static final long MIN_PAYLOAD_BYTES_PER_S = 64 * 1024;

    /** The most blocks a buffer may have ({@code BUFFERS_COUNT}, {@link #defaultBlocks}). */
    public static final int MAX_BLOCKS = 64;

    /**
     * Checks every limit.
     *
     * @throws IioException EINVAL naming the first limit out of range
     */
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
        check(maxMemoryBytes >= 1, "maxMemoryBytes " + maxMemoryBytes + " must be at least 1");
        check(idleTimeoutMs >= 0, "idleTimeoutMs " + idleTimeoutMs + " is negative");
        check(requestTimeoutMs >= 1, "requestTimeoutMs " + requestTimeoutMs + " must be at least 1");
        check(keepAliveSeconds >= 0, "keepAliveSeconds " + keepAliveSeconds + " is negative");
    }

    /**
     * 64 clients, 4 KiB lines, 1 MiB attribute writes, 256 MiB per buffer, 1 GiB in all, 4 blocks, 5 s
     * device wait, 2 s grace for slow readers, binary offered, no idle timeout, 10 s per request,
     * keepalive after 30 s.
     *
     * @return the defaults, which {@code jiio serve} starts from
     */
    public static ServerConfig defaults() {
        return new ServerConfig(64, 4096, 1 << 20, 256L << 20, 4, 5000, DEFAULT_SLOW_READER_GRACE_MS, true,
                DEFAULT_MAX_MEMORY_BYTES, 0, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_KEEPALIVE_S);
    }

    /**
     * How long a payload may take to arrive once it has begun: the request timeout plus its size
     * at {@link #MIN_PAYLOAD_BYTES_PER_S}.
     *
     * @param bytes the payload's size
     * @return the time allowed, in ns
     */
    public long payloadNanos(long bytes) {
        return requestTimeoutMs * 1_000_000L + bytes * 1_000_000_000L / MIN_PAYLOAD_BYTES_PER_S;
    }

    /**
     * A copy with another maxConnections.
     *
     * @param n clients served at once (at least 1)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(n, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another maxLineBytes.
     *
     * @param n the longest request line, in bytes (at least 64)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withMaxLineBytes(int n) {
        return new ServerConfig(maxConnections, n, maxWriteBytes, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another maxWriteBytes.
     *
     * @param n the largest attribute WRITE payload, in bytes (at least 1)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withMaxWriteBytes(int n) {
        return new ServerConfig(maxConnections, maxLineBytes, n, maxBufferBytes, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another maxBufferBytes.
     *
     * @param n the largest buffer one client may open, in bytes (1 to 4 GiB)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withMaxBufferBytes(long n) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, n, defaultBlocks, defaultTimeoutMs,
                slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another defaultTimeoutMs.
     *
     * @param ms how long READBUF/WRITEBUF wait for the device, in ms (0 for ever)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withDefaultTimeoutMs(long ms) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks, ms,
                slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another slowReaderGraceMs.
     *
     * @param ms how long a shared capture waits for a slow reader before dropping its blocks, in ms (0: no grace)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withSlowReaderGraceMs(long ms) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, ms, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /** {@return this config with libiio 1.x's binary protocol not offered: text only} */
    public ServerConfig textOnly() {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, slowReaderGraceMs, false, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs,
                keepAliveSeconds);
    }

    /**
     * A copy with another maxMemoryBytes.
     *
     * @param n the sample memory of all buffers together, in bytes (at least 1)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withMaxMemoryBytes(long n) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, slowReaderGraceMs, offerBinary, n, idleTimeoutMs, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another idleTimeoutMs.
     *
     * @param ms how long a silent client stays connected, in ms (0: for ever)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withIdleTimeoutMs(long ms) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, slowReaderGraceMs, offerBinary, maxMemoryBytes, ms, requestTimeoutMs, keepAliveSeconds);
    }

    /**
     * A copy with another requestTimeoutMs.
     *
     * @param ms how long a request once begun may take to arrive, in ms (at least 1)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withRequestTimeoutMs(long ms) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, ms, keepAliveSeconds);
    }

    /**
     * A copy with another keepAliveSeconds.
     *
     * @param s idle seconds before the first TCP keepalive probe (0: keepalive off)
     * @return the copy
     * @throws IioException EINVAL when out of range
     */
    public ServerConfig withKeepAliveSeconds(int s) {
        return new ServerConfig(maxConnections, maxLineBytes, maxWriteBytes, maxBufferBytes, defaultBlocks,
                defaultTimeoutMs, slowReaderGraceMs, offerBinary, maxMemoryBytes, idleTimeoutMs, requestTimeoutMs, s);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IioException(Errno.EINVAL, "ServerConfig." + message);
        }
    }
}
