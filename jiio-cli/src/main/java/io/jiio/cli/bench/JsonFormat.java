package io.jiio.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * The machine-readable report. Written by hand (one small flat schema, no dependency): strings
 * escaped per RFC 8259, rates in bytes per second and GB/s, non-finite numbers as null.
 */
public final class JsonFormat {
    private JsonFormat() {
    }

    /**
     * Formats a report as one JSON object.
     *
     * @param r the report
     * @return the JSON, without a trailing newline
     */
    public static String of(Rows.Report r) {
        StringBuilder sb = new StringBuilder(4096).append('{');
        Rows.Machine m = r.machine();
        sb.append("\"machine\":{");
        field(sb, "cpus", m.cpus()).append(',');
        field(sb, "cpu", m.cpu()).append(',');
        field(sb, "kernel", m.kernel()).append(',');
        field(sb, "jdk", m.jdk()).append("},");
        field(sb, "durationMs", r.durationMs()).append(',');
        sb.append("\"sizes\":[");
        join(sb, r.sizes(), (b, s) -> b.append(s));
        sb.append("],");
        field(sb, "netBlockBytes", r.netBlockBytes()).append(',');
        sb.append("\"capture\":[");
        join(sb, r.capture(), (b, c) -> {
            b.append('{');
            field(b, "mode", c.mode()).append(',');
            field(b, "blockBytes", c.blockBytes()).append(',');
            field(b, "bytesPerSecond", c.bytesPerSecond()).append(',');
            field(b, "gbPerSecond", c.bytesPerSecond() / 1e9).append(',');
            field(b, "readLimitBytesPerSecond", c.readLimitBytesPerSecond()).append(',');
            field(b, "fractionOfReadLimit", c.fractionOfReadLimit()).append(',');
            field(b, "rotatingReadLimitBytesPerSecond", c.rotatingReadLimitBytesPerSecond()).append(',');
            field(b, "fractionOfRotatingReadLimit", c.fractionOfRotatingReadLimit()).append('}');
        });
        sb.append("],\"network\":[");
        join(sb, r.network(), (b, n) -> {
            b.append('{');
            field(b, "name", n.name()).append(',');
            field(b, "status", n.status()).append(',');
            field(b, "bytesPerSecond", n.bytesPerSecond()).append(',');
            field(b, "gbPerSecond", n.bytesPerSecond() / 1e9).append(',');
            field(b, "fractionOfRawTcp", n.fractionOfRawTcp()).append('}');
        });
        sb.append("],\"cycles\":[");
        join(sb, r.cycles(), (b, c) -> {
            b.append('{');
            field(b, "name", c.name()).append(',');
            field(b, "cyclesPerSecond", c.cyclesPerSecond()).append(',');
            field(b, "nsPerCycle", c.nsPerCycle()).append(',');
            field(b, "samples", c.samples()).append(',');
            field(b, "p50Ns", c.p50Ns()).append(',');
            field(b, "p99Ns", c.p99Ns()).append(',');
            field(b, "p999Ns", c.p999Ns()).append(',');
            field(b, "maxNs", c.maxNs()).append('}');
        });
        sb.append("],\"record\":[");
        join(sb, r.record(), (b, x) -> {
            b.append('{');
            field(b, "name", x.name()).append(',');
            field(b, "status", x.status()).append(',');
            field(b, "bytesPerSecond", x.bytesPerSecond()).append(',');
            field(b, "cpuSecondsPerGb", x.cpuSecondsPerGb()).append(',');
            field(b, "fractionOfFio", x.fractionOfFio()).append('}');
        });
        sb.append("],\"targets\":[");
        join(sb, r.targets(), (b, t) -> {
            b.append('{');
            field(b, "name", t.name()).append(',');
            field(b, "goal", t.goal()).append(',');
            field(b, "figure", t.figure()).append(',');
            b.append("\"met\":").append(t.met() == null ? "null" : t.met().toString()).append('}');
        });
        return sb.append("]}").toString();
    }

    private interface Writer<T> {
        void write(StringBuilder sb, T value);
    }

    private static <T> void join(StringBuilder sb, List<T> items, Writer<T> w) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            w.write(sb, items.get(i));
        }
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        string(sb, name).append(':');
        return value == null ? sb.append("null") : string(sb, value);
    }

    private static StringBuilder field(StringBuilder sb, String name, long value) {
        return string(sb, name).append(':').append(value);
    }

    private static StringBuilder field(StringBuilder sb, String name, double value) {
        string(sb, name).append(':');
        return Double.isFinite(value) ? sb.append(String.format(Locale.ROOT, "%.6g", value)) : sb.append("null");
    }

    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
