package io.jiio.linux;

import java.util.List;

/**
 * The kernel's channel modifier names ({@code iio_modifier_names} in industrialio-core.c): the part
 * of {@code in_accel_x_raw} that makes {@code accel_x} one channel and {@code accel_y} another.
 */
final class Modifiers {
    static final List<String> NAMES = List.of(
            "x", "y", "z",
            "x&y", "x&z", "y&z", "x&y&z", "x|y", "x|z", "y|z", "x|y|z",
            "sqrt(x^2+y^2)", "x^2+y^2+z^2", "sqrt(x^2+y^2+z^2)",
            "both", "ir", "clear", "red", "green", "blue", "uv", "uva", "uvb", "duv",
            "quaternion", "ambient", "object",
            "from_north_magnetic", "from_north_true",
            "from_north_magnetic_tilt_comp", "from_north_true_tilt_comp",
            "running", "jogging", "walking", "still",
            "i", "q", "co2", "voc", "pm1", "pm2p5", "pm4", "pm10",
            "ethanol", "h2", "o2", "linear_x", "linear_y", "linear_z",
            "pitch", "yaw", "roll", "active", "reactive", "apparent");

    /**
     * The length of the modifier {@code s} starts with, when a {@code _} follows it (as libiio's
     * {@code find_channel_modifier} requires), else -1. The longest such modifier wins, so that
     * {@code from_north_magnetic_tilt_comp_raw} is not cut after {@code from_north_magnetic}.
     */
    static int prefixLength(String s, int from) {
        int best = -1;
        for (String m : NAMES) {
            int end = from + m.length();
            if (s.startsWith(m, from) && end < s.length() && s.charAt(end) == '_' && m.length() > best) {
                best = m.length();
            }
        }
        return best;
    }

    private Modifiers() {
    }
}
