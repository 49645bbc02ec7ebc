package io.jiio.net;

import io.airlift.compress.v3.zstd.ZstdNativeCompressor;
import io.airlift.compress.v3.zstd.ZstdNativeDecompressor;
import io.jiio.Errno;
import io.jiio.IioException;

/**
 * zstd for the context XML, which libiio 1.x's iiod always sends compressed in answer to PRINT
 * (its client reads at most 64 KiB, so a large context only fits compressed). Through
 * aircompressor's binding of the zstd library it bundles, called with java.lang.foreign: no JNI,
 * and none of the sun.misc.Unsafe its pure-Java codec would use (which JDK 25 warns about).
 */
public final class Zstd {
    /** libiio's client recognises compressed XML as not starting with this. */
    public static final String XML_START = "<?xml";

    private Zstd() {
    }

    /** {@return whether zstd is available on this platform (the bundled library loads)} */
    public static boolean available() {
        return ZstdNativeCompressor.isEnabled() && ZstdNativeDecompressor.isEnabled();
    }

    /**
     * One zstd frame holding {@code data}, its content size in the header (libiio allocates by it).
     *
     * @param data the bytes to compress
     * @return the frame
     * @throws IioException ENOSYS when zstd is not {@link #available()} here
     */
    public static byte[] compress(byte[] data) {
        requireAvailable("compress");
        ZstdNativeCompressor c = new ZstdNativeCompressor();
        byte[] out = new byte[c.maxCompressedLength(data.length)];
        int n = c.compress(data, 0, data.length, out, 0, out.length);
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Decompresses one frame that states its content size (at most 256 MiB).
     *
     * @param frame the zstd frame
     * @param what  what the frame is, for the error message
     * @return the content
     * @throws IioException EPROTO naming {@code what} when the data is not such a frame; ENOSYS
     *                      when zstd is not {@link #available()} here
     */
    public static byte[] decompress(byte[] frame, String what) {
        requireAvailable("decompress");
        ZstdNativeDecompressor d = new ZstdNativeDecompressor();
        long size;
        try {
            size = d.getDecompressedSize(frame, 0, frame.length);
        } catch (RuntimeException e) {
            throw new IioException(Errno.EPROTO, what + ": not a zstd frame (" + e.getMessage() + ")");
        }
        if (size < 0 || size > 256L << 20) {
            throw new IioException(Errno.EPROTO, what + ": a zstd frame without a usable content size (" + size + ")");
        }
        byte[] out = new byte[(int) size];
        try {
            int n = d.decompress(frame, 0, frame.length, out, 0, out.length);
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } catch (RuntimeException e) {
            throw new IioException(Errno.EPROTO, what + ": corrupt zstd data (" + e.getMessage() + ")");
        }
    }

    private static void requireAvailable(String op) {
        if (!available()) {
            throw new IioException(Errno.ENOSYS, "zstd " + op + ": the bundled zstd library does not load on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
    }
}
