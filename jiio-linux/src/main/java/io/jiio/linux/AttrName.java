package io.jiio.linux;

/**
 * How an attribute file name in a device directory maps to a channel, the way libiio's local
 * backend reads it:
 * <pre>
 *  in_voltage0_raw              channel voltage0 (input), attribute raw
 *  in_accel_x_raw               channel accel_x: "x" is a modifier
 *  in_voltage1-voltage2_raw     channel voltage1-voltage2 (differential)
 *  out_voltage0_raw             channel voltage0 (output)
 *  in_voltage_scale             shared by type: goes to every input voltageN channel
 *  in_timestamp_en              the timestamp channel, even without an index
 *  in_steps_input               no index, no modifier: a channel only if nothing claims it
 * </pre>
 * Pure functions on strings, so the property tests can drive them.
 */
final class AttrName {
    private AttrName() {
    }

    /** {@code in_} or {@code out_} prefix length, or 0. */
    static int prefixLength(String attr) {
        if (attr.startsWith("in_")) {
            return 3;
        }
        if (attr.startsWith("out_")) {
            return 4;
        }
        return 0;
    }

    static boolean isOutput(String attr) {
        return attr.startsWith("out_");
    }

    /**
     * Whether {@code attr} names a channel attribute. Strict: the type ends with a digit
     * ({@code voltage0}) or is followed by a modifier ({@code accel_x}); loose: any
     * {@code in_TYPE_REST} (used for what no indexed channel claimed).
     */
    static boolean isChannel(String attr, boolean strict) {
        if (attr.startsWith("in_timestamp_")) {
            return true;
        }
        int p = prefixLength(attr);
        if (p == 0) {
            return false;
        }
        int us = attr.indexOf('_', p);
        if (us < 0 || us == p) {
            return false;
        }
        if (!strict) {
            return true;
        }
        char last = attr.charAt(us - 1);
        return last >= '0' && last <= '9' || Modifiers.prefixLength(attr, us + 1) >= 0;
    }

    /** The channel id of a channel attribute: {@code in_accel_x_raw} → {@code accel_x}. */
    static String channelId(String attr) {
        int start = attr.indexOf('_') + 1;
        int end = attr.indexOf('_', start);
        int mod = Modifiers.prefixLength(attr, end + 1);
        if (mod >= 0) {
            end += mod + 1;
        }
        return attr.substring(start, end);
    }

    /**
     * The attribute's name within its channel: {@code in_voltage0_raw} → {@code raw},
     * {@code in_accel_x_calibbias} → {@code calibbias}; with the channel's extended name
     * {@code vccint}, {@code in_voltage0_vccint_raw} → {@code raw}.
     */
    static String shortName(String attr, String channelName) {
        int start = attr.indexOf('_') + 1;
        int p = attr.indexOf('_', start) + 1;
        int mod = Modifiers.prefixLength(attr, p);
        if (mod >= 0) {
            p += mod + 1;
        }
        if (channelName != null && attr.startsWith(channelName, p)
                && p + channelName.length() < attr.length() && attr.charAt(p + channelName.length()) == '_') {
            p += channelName.length() + 1;
        }
        return attr.substring(p);
    }

    /**
     * Whether a device-level attribute such as {@code in_voltage_scale} is shared by channel
     * {@code id}: 0 no, 1 shared, 2 shared and naming the channel's extended name
     * ({@code in_voltage_vccint_scale} for {@code voltage0} named {@code vccint}).
     */
    static int sharedMatch(String attr, String id, boolean output, String channelName) {
        String rest;
        if (!output && attr.startsWith("in_")) {
            rest = attr.substring(3);
        } else if (output && attr.startsWith("out_")) {
            rest = attr.substring(4);
        } else {
            return 0;
        }
        int us = rest.indexOf('_');
        if (us <= 0) {
            return 0;
        }
        // Differential: in_voltage-voltage_scale shared by voltage1-voltage2.
        int dash = rest.indexOf('-');
        if (dash > 0 && dash < us) {
            String type1 = rest.substring(0, dash);
            String type2 = rest.substring(dash + 1, us);
            int idDash = id.indexOf('-');
            if (idDash > 0 && id.startsWith(type1) && digitAt(id, type1.length())
                    && id.startsWith(type2, idDash + 1) && digitAt(id, idDash + 1 + type2.length())) {
                return 1;
            }
            return 0;
        }
        String type = rest.substring(0, us);
        if (!id.startsWith(type) || id.length() == type.length()) {
            return 0;
        }
        if (digitAt(id, type.length())) {
            if (id.indexOf('-') > 0) {
                return 0; // in_voltage_scale is for single-ended channels; differential ones have their own form
            }
            if (channelName != null && rest.startsWith(channelName + "_", us + 1)) {
                return 2;
            }
            return 1;
        }
        if (id.charAt(type.length()) != '_') {
            return 0;
        }
        String modifierPart = id.substring(type.length() + 1) + "_";
        return Modifiers.prefixLength(modifierPart, 0) >= 0 ? 1 : 0;
    }

    private static boolean digitAt(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }
}
