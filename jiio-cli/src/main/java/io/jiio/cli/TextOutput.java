package io.jiio.cli;

import io.jiio.model.Channel;
import io.jiio.model.Demux;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code read --format csv|text}: scans as numbers, a line each, channels in scan order, after a
 * header line of the channel ids. With {@code --scaled}, physical values ({@code (raw + offset) ×
 * scale}, read once per channel) with the unit IIO implies for the channel type in the header
 * (voltage in mV, current in mA, temperature in milli °C, acceleration in m/s², the timestamp in
 * ns) — for channels that have a scale; a channel without one stays in raw counts and claims no
 * unit. Without {@code --scaled}, raw integers. CSV separates with commas, text with spaces.
 */
final class TextOutput {
    enum Format { RAW, CSV, TEXT }

    private final List<Channel> channels;
    private final Demux demux;
    private final boolean scaled;
    private final char separator;
    private final double[] offset;
    private final double[] scale;
    /** Whether the channel has a scale attribute: only then are its values in the type's unit. */
    private final boolean[] physical;
    private final StringBuilder sb = new StringBuilder(1 << 16);

    TextOutput(ScanLayout layout, Format format, boolean scaled) {
        this.channels = layout.channels();
        this.demux = new Demux(layout);
        this.scaled = scaled;
        this.separator = format == Format.CSV ? ',' : ' ';
        this.offset = new double[channels.size()];
        this.scale = new double[channels.size()];
        this.physical = new boolean[channels.size()];
        for (int i = 0; i < channels.size(); i++) {
            Channel c = channels.get(i);
            boolean ts = c.id().startsWith("timestamp");
            physical[i] = ts || scaled && c.attribute("scale").isPresent();
            offset[i] = scaled && !ts ? c.offset() : 0;
            scale[i] = scaled && !ts ? c.scale() : 1;
        }
    }

    /** The header line: channel ids, with units when scaled. */
    ByteBuffer header() {
        sb.setLength(0);
        for (int i = 0; i < channels.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            String id = channels.get(i).id();
            sb.append(id);
            // Without a scale attribute the values stay raw counts: no unit is claimed for them.
            String unit = physical[i] ? unit(id) : "";
            if (!unit.isEmpty()) {
                sb.append(" (").append(unit).append(')');
            }
        }
        sb.append('\n');
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The unit of a channel type's processed values, as the kernel's IIO ABI documents them. */
    static String unit(String id) {
        String type = id.replaceAll("[0-9_].*$", "");
        return switch (type) {
            case "voltage", "altvoltage" -> "mV";
            case "current" -> "mA";
            case "temp" -> "m°C";
            case "accel" -> "m/s²";
            case "anglvel" -> "rad/s";
            case "pressure" -> "kPa";
            case "timestamp" -> "ns";
            default -> "";
        };
    }

    /** The lines of {@code scans} scans of {@code data}. */
    ByteBuffer lines(MemorySegment data, long scans) {
        sb.setLength(0);
        for (long s = 0; s < scans; s++) {
            for (int i = 0; i < channels.size(); i++) {
                if (i > 0) {
                    sb.append(separator);
                }
                long raw = demux.raw(data, s, channels.get(i));
                if (scaled && scale[i] != 1 || offset[i] != 0) {
                    sb.append(String.format(Locale.ROOT, "%.6g", Demux.toPhysical(raw, offset[i], scale[i])));
                } else {
                    sb.append(raw);
                }
            }
            sb.append('\n');
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
