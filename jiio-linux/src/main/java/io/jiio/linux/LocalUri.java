package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Transfer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code local:[sysfs=DIR][,dev=DIR][,mode=dmabuf|block|fileio]}. {@code sysfs} replaces
 * {@code /sys} (devices under {@code DIR/bus/iio/devices}, debugfs under
 * {@code DIR/kernel/debug/iio}); {@code dev} replaces {@code /dev} (device nodes and
 * {@code dma_heap/}); {@code mode} forces a data path for every buffer the context opens.
 */
record LocalUri(Path sysfs, Path dev, Transfer mode) {
    static final Path DEFAULT_SYSFS = Path.of("/sys");
    static final Path DEFAULT_DEV = Path.of("/dev");

    static LocalUri parse(String uri) {
        if (!uri.regionMatches(true, 0, "local:", 0, 6)) {
            throw new IioException(Errno.EINVAL, "'" + uri + "' is not a local: URI");
        }
        Path sysfs = DEFAULT_SYSFS;
        Path dev = DEFAULT_DEV;
        Transfer mode = Transfer.AUTO;
        String rest = uri.substring(6).trim();
        if (!rest.isEmpty()) {
            for (String item : rest.split(",", -1)) {
                int eq = item.indexOf('=');
                if (eq <= 0 || eq == item.length() - 1) {
                    throw bad(uri, "'" + item + "' is not KEY=VALUE");
                }
                String key = item.substring(0, eq).trim();
                String value = item.substring(eq + 1).trim();
                switch (key) {
                    case "sysfs" -> sysfs = Path.of(value);
                    case "dev" -> dev = Path.of(value);
                    case "mode" -> mode = mode(uri, value);
                    default -> throw bad(uri, "unknown key '" + key + "'");
                }
            }
        }
        return new LocalUri(sysfs, dev, mode);
    }

    private static Transfer mode(String uri, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> Transfer.AUTO;
            case "dmabuf" -> Transfer.DMABUF;
            case "block" -> Transfer.BLOCK;
            case "fileio" -> Transfer.FILEIO;
            default -> throw bad(uri, "mode '" + value + "' is not auto, dmabuf, block or fileio");
        };
    }

    private static IioException bad(String uri, String why) {
        return new IioException(Errno.EINVAL, "context URI '" + uri + "': " + why
                + " (expected local:[sysfs=DIR][,dev=DIR][,mode=auto|dmabuf|block|fileio])");
    }

    Path devicesDir() {
        return sysfs.resolve("bus/iio/devices");
    }

    Path debugDir() {
        return sysfs.resolve("kernel/debug/iio");
    }

    Path dmaHeap(String heap) {
        return dev.resolve("dma_heap").resolve(heap);
    }
}
