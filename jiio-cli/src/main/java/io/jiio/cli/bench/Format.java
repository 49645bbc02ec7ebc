package io.jiio.cli.bench;

import java.util.Locale;

/** Number formats shared by the table and the options: sizes in KiB/MiB, rates in GB/s. */
public final class Format {
    private Format() {
    }

    /**
     * A size in the largest binary unit that divides it: 4096 → "4 KiB", 1048576 → "1 MiB",
     * 1000 → "1000 B".
     *
     * @param bytes the size
     * @return the text
     */
    public static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + " KiB";
        }
        return bytes + " B";
    }

    /**
     * Parses a size option: "4K", "64k", "1M", "1MiB", "4096" (binary units).
     *
     * @param s the text
     * @return the size in bytes
     * @throws IllegalArgumentException for anything else, or a size below 1
     */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        }
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1 << 10;
        } else if (t.endsWith("M")) {
            unit = 1 << 20;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t.trim());
            if (v < 1) {
                throw new IllegalArgumentException("'" + s + "': a size must be positive");
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + s + "' is not a size (e.g. 4K, 64K, 1M, 4096)");
        }
    }

    /**
     * A rate as decimal GB/s with two decimals.
     *
     * @param bytesPerSecond the rate
     * @return e.g. "12.34"
     */
    public static String gbps(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f", bytesPerSecond / 1e9);
    }

    /** A round trip in microseconds as milliseconds: "1 ms", "0.5 ms". */
    static String millis(long micros) {
        return micros % 1000 == 0 ? micros / 1000 + " ms"
                : String.format(Locale.ROOT, "%s ms", java.math.BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString());
    }
}
