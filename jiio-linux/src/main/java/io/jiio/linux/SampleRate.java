package io.jiio.linux;

import io.jiio.IioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * How often an input device takes a scan, as sysfs tells it: the period that turns a gap between
 * two timestamps into a number of lost scans. Read when the buffer is enabled, since the rate may
 * have been changed since the context was opened.
 *
 * <p>A triggered device scans when its trigger fires, so a current trigger with a
 * {@code sampling_frequency} (hrtimer, a timer-driven trigger) wins. A current trigger without
 * one fires when told (sysfs, interrupt triggers): then the rate is unknown — unless the trigger
 * is the device's own data-ready trigger, which the kernel names after the device
 * ({@code bmi160-dev0}), and then the device's rate is the scan rate. Without a trigger the
 * device's own attribute counts: {@code sampling_frequency}, {@code in_sampling_frequency}, or
 * {@code in_<type>_sampling_frequency} (the AD9361's {@code in_voltage_sampling_frequency}); if
 * several are there they must agree.
 */
final class SampleRate {
    /**
     * A rate in Hz and the file it came from; {@code hz == 0} when unknown, {@code source} then
     * saying why.
     */
    record Rate(double hz, String source) {
        boolean known() {
            return hz > 0;
        }

        /** Nanoseconds between two scans; only when {@link #known()}. */
        double periodNs() {
            return 1e9 / hz;
        }

        static Rate unknown(String why) {
            return new Rate(0, why);
        }
    }

    private SampleRate() {
    }

    /** The scan rate of the input device in {@code devDir}, called {@code name} in sysfs. */
    static Rate of(SysfsFiles files, Path devicesDir, Path devDir, String name) {
        try {
            Path current = devDir.resolve("trigger/current_trigger");
            String trigger = Files.exists(current) ? files.read(current).trim() : "";
            if (!trigger.isEmpty()) {
                Path dir = triggerDir(files, devicesDir, trigger);
                if (dir != null && Files.exists(dir.resolve("sampling_frequency"))) {
                    return parse(files, dir.resolve("sampling_frequency"), devicesDir);
                }
                if (name == null || !trigger.startsWith(name)) {
                    return Rate.unknown("trigger '" + trigger + "' has no sampling_frequency (it fires when told)");
                }
            }
            return deviceRate(files, devicesDir, devDir);
        } catch (IioException | UncheckedIOException e) {
            return Rate.unknown("sampling frequency unreadable: " + e.getMessage());
        }
    }

    private static Path triggerDir(SysfsFiles files, Path devicesDir, String trigger) {
        for (Path d : list(devicesDir)) {
            if (d.getFileName().toString().startsWith("trigger") && Files.exists(d.resolve("name"))
                    && files.read(d.resolve("name")).trim().equals(trigger)) {
                return d;
            }
        }
        return null;
    }

    private static Rate deviceRate(SysfsFiles files, Path devicesDir, Path devDir) {
        // By name, so that the sources are listed in a stable order in messages.
        TreeMap<String, Path> candidates = new TreeMap<>();
        for (Path p : list(devDir)) {
            String n = p.getFileName().toString();
            if (n.equals("sampling_frequency") || n.startsWith("in_") && n.endsWith("sampling_frequency")) {
                candidates.put(n, p);
            }
        }
        if (candidates.isEmpty()) {
            return Rate.unknown("no sampling_frequency on " + devDir.getFileName() + " or its trigger");
        }
        Rate first = null;
        List<String> seen = new ArrayList<>();
        for (Path p : candidates.values()) {
            Rate r = parse(files, p, devicesDir);
            seen.add(p.getFileName() + "=" + (r.known() ? plain(r.hz()) : "?"));
            if (first == null) {
                first = r;
            } else if (r.hz() != first.hz()) {
                return Rate.unknown("sampling frequencies disagree: " + String.join(", ", seen));
            }
        }
        return first;
    }

    private static Rate parse(SysfsFiles files, Path file, Path devicesDir) {
        String text = files.read(file).trim();
        String where = devicesDir.relativize(file).toString();
        double hz;
        try {
            hz = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Rate.unknown(where + " is '" + text + "', not a number");
        }
        if (!(hz > 0) || Double.isInfinite(hz)) {
            return Rate.unknown(where + " is " + text);
        }
        return new Rate(hz, where);
    }

    /** {@code 3}, {@code 30720000}, {@code 2.5}: the rate as a person writes it. */
    static String plain(double hz) {
        return hz == Math.rint(hz) && Math.abs(hz) < 1e15 ? Long.toString((long) hz) : Double.toString(hz);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
