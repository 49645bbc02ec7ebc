package io.jiio.linux;

import io.jiio.IioException;

/** Wrapping one IioException's text in another without repeating its {@code (ERRNO)} suffix. */
final class Reasons {
    private Reasons() {
    }

    /** The message of {@code e} without the {@code " (EINVAL)"} that {@link IioException#getMessage()} appends. */
    static String of(IioException e) {
        String m = e.getMessage();
        String suffix = " (" + e.errno().name() + ")";
        return m.endsWith(suffix) ? m.substring(0, m.length() - suffix.length()) : m;
    }
}
