package io.jiio.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Usage} as the text of {@code jiio COMMAND --help}: synopsis, summary,
 * paragraphs, operands, options in the order the command declares them, and its exit codes.
 * Lines are wrapped to the terminal's width ({@code COLUMNS}, else 80).
 */
final class HelpText {
    private static final int INDENT = 2;
    private static final int MAX_NAME_COLUMN = 30;

    private final int width;
    private final StringBuilder out = new StringBuilder();

    private HelpText(int width) {
        this.width = width;
    }

    /** The whole help of a command. */
    static String of(Usage usage) {
        HelpText h = new HelpText(width());
        h.synopsis(usage);
        h.line(usage.summary());
        for (String p : usage.paragraphs()) {
            h.out.append(System.lineSeparator());
            h.wrapped("", p, 0);
        }
        if (!usage.operands().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (Operand o : usage.operands()) {
                rows.add(new String[] {o.synopsis(), o.description()});
            }
            h.table("Arguments:", rows);
        }
        h.optionTable(usage.allOptions());
        h.exitCodes(usage.exitCodes());
        return h.out.toString();
    }

    /**
     * The help of {@code jiio} itself: the commands with their summaries, then its own options.
     *
     * @param commands each command's name and summary, in the order to list them
     */
    static String root(Usage root, List<String[]> commands) {
        HelpText h = new HelpText(width());
        h.synopsis(root);
        h.line(root.summary());
        h.table("Commands:", commands);
        h.optionTable(root.allOptions());
        h.exitCodes(root.exitCodes());
        h.out.append(System.lineSeparator());
        h.line("'jiio COMMAND --help' shows a command's options and arguments.");
        return h.out.toString();
    }

    /** The {@code Usage:} line(s) alone, for a usage error. */
    static String synopsisOf(Usage usage) {
        HelpText h = new HelpText(width());
        h.synopsis(usage);
        return h.out.toString();
    }

    private void synopsis(Usage usage) {
        List<String> lines = usage.customSynopsis();
        if (lines.isEmpty()) {
            StringBuilder s = new StringBuilder(usage.qualifiedName()).append(" [OPTIONS]");
            for (Operand o : usage.operands()) {
                s.append(' ').append(o.synopsis());
            }
            lines = List.of(s.toString());
        }
        for (int i = 0; i < lines.size(); i++) {
            line((i == 0 ? "Usage: " : "       ") + lines.get(i));
        }
    }

    private void optionTable(List<Opt<?>> options) {
        List<String[]> rows = new ArrayList<>();
        for (Opt<?> o : options) {
            rows.add(new String[] {o.synopsis(), o.description()});
        }
        table("Options:", rows);
    }

    private void exitCodes(List<String> codes) {
        if (codes.isEmpty()) {
            return;
        }
        out.append(System.lineSeparator());
        line("Exit codes:");
        for (String c : codes) {
            int colon = c.indexOf(':');
            String key = c.substring(0, colon);
            wrapped(" ".repeat(INDENT) + key + " ".repeat(Math.max(1, 4 - key.length())), c.substring(colon + 1),
                    INDENT + 4);
        }
    }

    /** A heading and two columns: names, and their text wrapped beside them. */
    private void table(String heading, List<String[]> rows) {
        out.append(System.lineSeparator());
        line(heading);
        int column = 0;
        for (String[] r : rows) {
            column = Math.max(column, r[0].length());
        }
        column = INDENT + Math.min(column, MAX_NAME_COLUMN) + 2;
        for (String[] r : rows) {
            String name = " ".repeat(INDENT) + r[0];
            if (name.length() + 2 > column) {
                line(name);
                name = "";
            }
            wrapped(name + " ".repeat(column - name.length()), r[1], column);
        }
    }

    /**
     * Appends {@code prefix} as it is, then {@code text} wrapped at the width at word boundaries;
     * lines after the first are indented by {@code hang}.
     */
    private void wrapped(String prefix, String text, int hang) {
        StringBuilder current = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.strip().split(" +")) {
            if (!empty && current.length() + 1 + word.length() > width) {
                line(current.toString());
                current = new StringBuilder(" ".repeat(hang));
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(word);
            empty = false;
        }
        line(current.toString());
    }

    private void line(String s) {
        out.append(s).append(System.lineSeparator());
    }

    private static int width() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
            return Math.clamp(columns, 60, 160);
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
