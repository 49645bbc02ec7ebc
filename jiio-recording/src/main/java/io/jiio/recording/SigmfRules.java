package io.jiio.recording;

import com.fasterxml.jackson.databind.JsonNode;
import io.jiio.IioException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SigMF 1.x rules a meta file must keep, as jiio checks them on every file it writes and reads:
 * <ol>
 * <li>the top level is an object with {@code global} (object), {@code captures} and
 *     {@code annotations} (arrays);</li>
 * <li>{@code global} has {@code core:datatype} (a dataset format, see {@link SigmfDatatype}) and
 *     {@code core:version} ({@code X.Y.Z}); {@code core:sample_rate}, when present, is a positive
 *     number; {@code core:num_channels} a positive integer;</li>
 * <li>{@code core:extensions}, when present, is an array of objects with {@code name} (string),
 *     {@code version} (string) and {@code optional} (boolean);</li>
 * <li>every key is {@code namespace:name}, and every namespace other than {@code core} is declared
 *     in {@code core:extensions};</li>
 * <li>each capture and annotation segment has {@code core:sample_start}, a non-negative integer,
 *     and each array is sorted by it; an annotation's {@code core:sample_count}, when present, is a
 *     non-negative integer;</li>
 * <li>{@code core:datetime} is RFC 3339 in UTC: {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}.</li>
 * </ol>
 */
public final class SigmfRules {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    private SigmfRules() {
    }

    /**
     * Checks a meta file's JSON.
     *
     * @param root the parsed meta file
     * @return every rule {@code root} breaks, as readable sentences; empty when it keeps them all
     */
    public static List<String> violations(JsonNode root) {
        List<String> out = new ArrayList<>();
        if (root == null || !root.isObject()) {
            out.add("the top level is not a JSON object");
            return out;
        }
        JsonNode global = root.get("global");
        JsonNode captures = root.get("captures");
        JsonNode annotations = root.get("annotations");
        if (global == null || !global.isObject()) {
            out.add("'global' is missing or not an object");
            return out;
        }
        if (captures == null || !captures.isArray()) {
            out.add("'captures' is missing or not an array");
        }
        if (annotations == null || !annotations.isArray()) {
            out.add("'annotations' is missing or not an array");
        }
        checkGlobal(global, out);
        Set<String> declared = declared(global, out);
        namespaces("global", global, declared, out);
        segments("captures", captures, declared, out);
        segments("annotations", annotations, declared, out);
        return out;
    }

    private static void checkGlobal(JsonNode g, List<String> out) {
        JsonNode dt = g.get("core:datatype");
        if (dt == null || !dt.isTextual()) {
            out.add("global 'core:datatype' is missing or not a string");
        } else {
            try {
                SigmfDatatype.parse(dt.asText());
            } catch (IioException e) {
                out.add("global " + e.getMessage());
            }
        }
        JsonNode v = g.get("core:version");
        if (v == null || !v.isTextual() || !VERSION.matcher(v.asText()).matches()) {
            out.add("global 'core:version' is missing or not X.Y.Z");
        }
        JsonNode rate = g.get("core:sample_rate");
        if (rate != null && (!rate.isNumber() || !(rate.asDouble() > 0))) {
            out.add("global 'core:sample_rate' " + rate + " is not a positive number");
        }
        JsonNode n = g.get("core:num_channels");
        if (n != null && (!n.isIntegralNumber() || n.asLong() < 1)) {
            out.add("global 'core:num_channels' " + n + " is not a positive integer");
        }
    }

    private static Set<String> declared(JsonNode g, List<String> out) {
        Set<String> names = new HashSet<>();
        names.add("core");
        JsonNode ext = g.get("core:extensions");
        if (ext == null) {
            return names;
        }
        if (!ext.isArray()) {
            out.add("global 'core:extensions' is not an array");
            return names;
        }
        for (JsonNode e : ext) {
            if (!e.isObject() || !e.path("name").isTextual() || !e.path("version").isTextual()
                    || !e.path("optional").isBoolean()) {
                out.add("an entry of 'core:extensions' lacks a string name, a string version or a boolean optional: " + e);
            } else {
                names.add(e.get("name").asText());
            }
        }
        return names;
    }

    private static void namespaces(String where, JsonNode obj, Set<String> declared, List<String> out) {
        for (Map.Entry<String, JsonNode> property : obj.properties()) {
            String key = property.getKey();
            int colon = key.indexOf(':');
            if (colon <= 0) {
                out.add(where + " key '" + key + "' has no namespace");
            } else if (!declared.contains(key.substring(0, colon))) {
                out.add(where + " key '" + key + "' is in namespace '" + key.substring(0, colon)
                        + "', which core:extensions does not declare");
            }
        }
    }

    private static void segments(String name, JsonNode array, Set<String> declared, List<String> out) {
        if (array == null || !array.isArray()) {
            return;
        }
        long last = -1;
        int i = 0;
        for (JsonNode s : array) {
            String where = name + "[" + i++ + "]";
            if (!s.isObject()) {
                out.add(where + " is not an object");
                continue;
            }
            namespaces(where, s, declared, out);
            JsonNode start = s.get("core:sample_start");
            if (start == null || !start.isIntegralNumber() || start.asLong() < 0) {
                out.add(where + " 'core:sample_start' is missing or not a non-negative integer");
            } else {
                if (start.asLong() < last) {
                    out.add(where + " is out of order: sample_start " + start.asLong() + " after " + last);
                }
                last = start.asLong();
            }
            JsonNode count = s.get("core:sample_count");
            if (count != null && (!count.isIntegralNumber() || count.asLong() < 0)) {
                out.add(where + " 'core:sample_count' is not a non-negative integer");
            }
            JsonNode dt = s.get("core:datetime");
            if (dt != null && (!dt.isTextual() || !DATETIME.matcher(dt.asText()).matches())) {
                out.add(where + " 'core:datetime' " + dt + " is not RFC 3339 UTC (YYYY-MM-DDTHH:MM:SS.fffZ)");
            }
        }
    }
}
