package io.jiio.linux;

import io.jiio.IioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Why a triggered device refuses {@code enable=1} with EINVAL: it has a {@code trigger/} directory
 * but no current trigger. The kernel says only "Invalid argument"; this says what is missing and
 * which triggers there are.
 */
final class TriggerHint {
    private TriggerHint() {
    }

    /** The explanation when {@code deviceDir} needs a trigger and has none set; {@code null} otherwise. */
    static String missing(SysfsFiles files, Path deviceDir, String device) {
        Path current = deviceDir.resolve("trigger").resolve("current_trigger");
        if (!Files.exists(current)) {
            return null;
        }
        String set;
        try {
            set = files.read(current).trim();
        } catch (IioException e) {
            return null;
        }
        if (!set.isEmpty()) {
            return null;
        }
        List<String> triggers = new ArrayList<>();
        try (Stream<Path> all = Files.list(deviceDir.getParent())) {
            for (Path d : all.sorted().toList()) {
                if (d.getFileName().toString().startsWith("trigger") && Files.exists(d.resolve("name"))) {
                    triggers.add(files.read(d.resolve("name")).trim() + " (" + d.getFileName() + ")");
                }
            }
        } catch (IOException | IioException e) {
            // the list is a help, not a requirement
        }
        return device + " needs a trigger to capture and none is set; "
                + (triggers.isEmpty() ? "this system has no trigger (create one, e.g. an hrtimer or sysfs trigger)"
                : "available: " + String.join(", ", triggers)) + "; choose one with -t TRIGGER (or write its name to "
                + current + ")";
    }
}
