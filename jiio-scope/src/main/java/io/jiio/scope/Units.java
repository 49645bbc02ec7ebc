package io.jiio.scope;

import io.jiio.model.Channel;

/**
 * The unit of a channel's physical values, (raw + offset) × scale, as the kernel's IIO ABI
 * documents them per channel type — voltage in mV, current in mA, temperature in m°C… The
 * device does not say it; the type in the channel's id does, so the page can label its axes.
 */
final class Units {
    private Units() {
    }

    /** The unit, or "" when the channel has no {@code scale} (its values are raw counts) or the type is not known. */
    static String of(Channel channel) {
        if (channel.attribute("scale").isEmpty()) {
            return "";
        }
        return ofType(channel.id());
    }

    /** The unit for a channel id's type (the id up to its first digit or underscore). */
    static String ofType(String id) {
        String type = id.replaceAll("[0-9_].*$", "");
        return switch (type) {
            case "voltage", "altvoltage" -> "mV";
            case "current", "altcurrent" -> "mA";
            case "power" -> "mW";
            case "temp" -> "m°C";
            case "accel" -> "m/s²";
            case "anglvel" -> "rad/s";
            case "magn" -> "G";
            case "pressure" -> "kPa";
            case "humidityrelative" -> "m%";
            case "illuminance" -> "lx";
            case "timestamp" -> "ns";
            default -> "";
        };
    }
}
