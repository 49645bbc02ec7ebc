package io.jiio.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A usage error as a few lines on stderr: what is wrong, a suggestion when a name was mistyped,
 * the synopsis, and where the full help is. The whole help would push the one line that matters
 * off the screen.
 */
final class UsageErrors {
    private UsageErrors() {
    }

    /**
     * Reports {@code e} for the command {@code usage} describes and returns {@link ExitCodes#USAGE}.
     *
     * @param synopsis the {@code Usage:} line(s) to print under the message
     */
    static int report(PrintStream err, String command, String synopsis, UsageException e) {
        err.println(command + ": " + e.getMessage());
        err.print(synopsis);
        err.println("Try '" + command + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** An unknown option, with the command's options that look like what was meant. */
    static UsageException unknownOption(String word, List<Opt<?>> options) {
        String typed = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        List<String> names = new ArrayList<>();
        for (Opt<?> o : options) {
            names.addAll(o.names());
        }
        List<String> near = similar(typed, names);
        return new UsageException("unknown option '" + typed + "'"
                + (near.isEmpty() ? "" : System.lineSeparator() + "Did you mean: " + String.join(" or ", near) + "?"));
    }

    /**
     * The names within two edits of {@code typed}, or that it starts or that start it, in their
     * order; none for a name too short to guess from.
     */
    static List<String> similar(String typed, Collection<String> names) {
        List<String> near = new ArrayList<>();
        String t = typed.replaceFirst("^-+", "");
        if (t.length() < 2) {
            return near;
        }
        for (String n : names) {
            String m = n.replaceFirst("^-+", "");
            if (m.length() > 1 && (distance(t, m) <= 2 || m.startsWith(t) || t.startsWith(m))) {
                near.add(n);
            }
        }
        return near;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
