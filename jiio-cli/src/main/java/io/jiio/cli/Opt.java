package io.jiio.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.Option;

/**
 * One option of a command: its names, the label and help of its value, how the text on the
 * command line becomes the value, and the value when it is not given. Finding options in the
 * command line (bundled flags, {@code --name=value}, a negative number as a value, {@code --}) is
 * commons-cli's job ({@link Usage#parse}); this adds the types and jiio's messages.
 *
 * @param <T> the value's type ({@link Boolean} for a flag)
 */
final class Opt<T> {
    /**
     * Turns an option's text into its value. An {@link IllegalArgumentException}'s message says
     * why not, in words that follow the option and its text: {@code -T nb: <message>}.
     */
    @FunctionalInterface
    interface Reader<T> {
        T read(String text);
    }

    private final String spelled;
    private final String shortName;
    private final String longName;
    private final String label;
    private final String description;
    private final Reader<T> reader;
    private final T defaultValue;
    private final boolean required;
    private final boolean repeatable;

    private Opt(String names, String label, String description, Reader<T> reader, T defaultValue, boolean required,
                boolean repeatable) {
        String s = null;
        String l = null;
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.startsWith("--")) {
                l = n.substring(2);
            } else if (n.startsWith("-") && n.length() == 2) {
                s = n.substring(1);
            } else {
                throw new IllegalArgumentException("option name '" + n + "': expected -x or --name");
            }
        }
        this.spelled = names;
        this.shortName = s;
        this.longName = l;
        this.label = label;
        this.description = description;
        this.reader = reader;
        this.defaultValue = defaultValue;
        this.required = required;
        this.repeatable = repeatable;
    }

    /** A switch: {@code true} when given, else {@code false}. */
    static Opt<Boolean> flag(String names, String description) {
        return new Opt<>(names, null, description, null, false, false, false);
    }

    /** An option with a value: {@code names LABEL}, read by {@code reader}, {@code defaultValue} when absent. */
    static <T> Opt<T> value(String names, String label, Reader<T> reader, T defaultValue, String description) {
        return new Opt<>(names, label, description, reader, defaultValue, false, false);
    }

    /** The same option, but one the command cannot run without. */
    Opt<T> required() {
        return new Opt<>(spelled, label, description, reader, defaultValue, true, repeatable);
    }

    /** A list option: each occurrence's text is split at commas, and all of them are the value. */
    static Opt<List<String>> list(String names, String label, String description) {
        return new Opt<>(names, label, description, Opt::commaList, List.of(), false, true);
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    boolean isFlag() {
        return reader == null;
    }

    boolean isRequired() {
        return required;
    }

    boolean isRepeatable() {
        return repeatable;
    }

    T defaultValue() {
        return defaultValue;
    }

    /** commons-cli's key for this option: the short name when there is one. */
    String key() {
        return shortName != null ? shortName : longName;
    }

    /** The name messages use: {@code -s} or, without a short one, {@code --stats}. */
    String displayName() {
        return shortName != null ? "-" + shortName : "--" + longName;
    }

    /** Every name the command line may use for it. */
    List<String> names() {
        List<String> n = new ArrayList<>(2);
        if (shortName != null) {
            n.add("-" + shortName);
        }
        if (longName != null) {
            n.add("--" + longName);
        }
        return n;
    }

    /** How the help shows it: {@code -s, --samples=SCANS}, or {@code     --stats} without a short name. */
    String synopsis() {
        String value = isFlag() ? "" : (longName != null ? "=" : " ") + label;
        if (shortName == null) {
            return "    --" + longName + value;
        }
        return "-" + shortName + (longName != null ? ", --" + longName : "") + value;
    }

    Option toCommonsCli() {
        Option.Builder b = Option.builder(shortName).longOpt(longName).desc(description);
        if (!isFlag()) {
            b.hasArg().argName(label);
        }
        return b.get();
    }

    /** Reads one occurrence's text; a refusal becomes a usage error naming the option and the text. */
    T read(String text) {
        try {
            return reader.read(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(displayName() + " " + text + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return displayName();
    }

    // The readers the commands share; each message is the reason, without the option and its text.

    static final Reader<String> TEXT = text -> text;

    static final Reader<Long> LONG = text -> {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    };

    static final Reader<Integer> INT = text -> {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number of at most " + Integer.MAX_VALUE);
        }
    };

    static final Reader<Double> DOUBLE = text -> {
        try {
            double d = Double.parseDouble(text.trim());
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    };

    static final Reader<BigDecimal> DECIMAL = text -> {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal number");
        }
    };

    static final Reader<Path> PATH = text -> {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty path");
        }
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("not a path (" + e.getReason() + ")");
        }
    };

    /** An enum's constants, named in any case; a refusal lists them. */
    static <E extends Enum<E>> Reader<E> choice(Class<E> type) {
        return text -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text.trim())) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", names));
        };
    }

    private static List<String> commaList(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
