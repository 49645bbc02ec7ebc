package io.jiio.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * What one command accepts and how its help reads: name, summary, paragraphs, options, operands
 * and the exit codes it can return. Each command keeps one as a constant; {@link #parse} turns a
 * command line into its {@link Args}, {@link HelpText} renders the help from it, and
 * {@link Failures} asks it which exit codes the command promised.
 *
 * <p>Parsing: commons-cli finds the options (bundled flags, {@code --name=value}, {@code -s1000},
 * a negative number as a value) and stops at each word that is not one; that word is an operand
 * unless it looks like an option, so options and operands may come in any order, a negative
 * number can be an operand ({@code attr ... calibbias -5}), and everything after {@code --} is
 * an operand. An option given twice is an error unless it is a list; a flag twice is harmless.
 */
final class Usage {
    /** Every command's {@code -h}. */
    static final Opt<Boolean> HELP = Opt.flag("-h, --help", "Show this help and exit.");
    /** Every command's {@code -V}. */
    static final Opt<Boolean> VERSION = Opt.flag("-V, --version", "Print version information and exit.");
    /** Every command's {@code --verbose}. */
    static final Opt<Boolean> VERBOSE = Opt.flag("--verbose",
            "Print the stack trace of an error (also: environment JIIO_DEBUG=1).");

    private final String name;
    private final String summary;
    private final List<String> paragraphs = new ArrayList<>();
    private final List<String> synopsis = new ArrayList<>();
    private final List<Opt<?>> options = new ArrayList<>();
    private final List<Operand> operands = new ArrayList<>();
    private final List<String> exitCodes = new ArrayList<>();

    private Usage(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    /** A command {@code jiio NAME} whose help starts with {@code summary}. */
    static Usage command(String name, String summary) {
        return new Usage(name, summary);
    }

    /** Paragraphs of the help after the summary. */
    Usage describe(String... text) {
        paragraphs.addAll(List.of(text));
        return this;
    }

    /** Synopsis lines instead of the one made from the operands (a command with several shapes). */
    Usage synopsis(String... lines) {
        synopsis.addAll(List.of(lines));
        return this;
    }

    /** Options, in the order the help lists them. */
    Usage options(Opt<?>... opts) {
        options.addAll(List.of(opts));
        return this;
    }

    /** Options, in the order the help lists them. */
    Usage options(List<Opt<?>> opts) {
        options.addAll(opts);
        return this;
    }

    /** The operands, in order. */
    Usage operands(Operand... ops) {
        operands.addAll(List.of(ops));
        return this;
    }

    /** The exit codes the command can return, as {@code "N:meaning"} ({@link ExitCodes}' help strings). */
    Usage exitCodes(String... codes) {
        exitCodes.addAll(List.of(codes));
        return this;
    }

    String name() {
        return name;
    }

    /** {@code jiio read}: how messages name the command. */
    String qualifiedName() {
        return name.isEmpty() ? "jiio" : "jiio " + name;
    }

    String summary() {
        return summary;
    }

    List<String> paragraphs() {
        return paragraphs;
    }

    List<String> customSynopsis() {
        return synopsis;
    }

    List<Operand> operands() {
        return operands;
    }

    List<String> exitCodes() {
        return exitCodes;
    }

    /** The command's own options, then {@code --verbose}, {@code -h} and {@code -V}. */
    List<Opt<?>> allOptions() {
        List<Opt<?>> all = new ArrayList<>(options);
        all.add(VERBOSE);
        all.add(HELP);
        all.add(VERSION);
        return all;
    }

    /** Whether the command lists {@code status} among its exit codes (so it may return it). */
    boolean lists(int status) {
        String prefix = status + ":";
        for (String code : exitCodes) {
            if (code.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a command line (the words after the command's name).
     *
     * @throws UsageException naming what is wrong; with {@code -h} or {@code -V} only unknown
     *                        options are, so help is there even for a half-typed command
     */
    Args parse(String... tokens) {
        List<Opt<?>> all = allOptions();
        Options cli = new Options();
        Map<String, Opt<?>> byKey = new HashMap<>();
        for (Opt<?> o : all) {
            cli.addOption(o.toCommonsCli());
            byKey.put(o.key(), o);
        }
        DefaultParser parser = DefaultParser.builder().setAllowPartialMatching(false)
                .setStripLeadingAndTrailingQuotes(false).get();
        int end = List.of(tokens).indexOf("--");
        List<String> rest = List.of(tokens).subList(0, end < 0 ? tokens.length : end);
        Map<Opt<?>, List<String>> texts = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        while (!rest.isEmpty()) {
            CommandLine line;
            try {
                line = parser.parse(cli, rest.toArray(String[]::new), true);
            } catch (MissingArgumentException e) {
                Opt<?> o = byKey.get(e.getOption().getKey());
                throw new UsageException(o.displayName() + " needs a value (" + o.label() + ")");
            } catch (ParseException e) {
                throw new UsageException(e.getMessage());
            }
            for (Option given : line.getOptions()) {
                Opt<?> o = byKey.get(given.getKey());
                List<String> seen = texts.computeIfAbsent(o, k -> new ArrayList<>());
                if (!seen.isEmpty() && !o.isFlag() && !o.isRepeatable()) {
                    throw new UsageException(o.displayName() + " is given twice (" + seen.getFirst() + " and "
                            + given.getValue() + ")");
                }
                seen.add(o.isFlag() ? "" : given.getValue());
            }
            List<String> left = line.getArgList();
            if (left.isEmpty()) {
                break;
            }
            String word = left.getFirst();
            if (looksLikeOption(word)) {
                throw UsageErrors.unknownOption(word, all);
            }
            words.add(word);
            rest = left.subList(1, left.size());
        }
        if (end >= 0) {
            words.addAll(List.of(tokens).subList(end + 1, tokens.length));
        }
        Map<Opt<?>, Object> values = new HashMap<>();
        for (Opt<?> o : texts.keySet()) {
            if (o.isFlag()) {
                values.put(o, true);
            }
        }
        if (values.containsKey(HELP) || values.containsKey(VERSION)) {
            return new Args(this, values, words); // the rest need not make sense yet
        }
        for (Map.Entry<Opt<?>, List<String>> e : texts.entrySet()) {
            if (!e.getKey().isFlag()) {
                values.put(e.getKey(), valueOf(e.getKey(), e.getValue()));
            }
        }
        for (Opt<?> o : all) {
            if (o.isRequired() && !values.containsKey(o)) {
                throw new UsageException(o.displayName() + " " + o.label() + " is required");
            }
        }
        checkOperands(words);
        return new Args(this, values, words);
    }

    private static Object valueOf(Opt<?> o, List<String> texts) {
        if (!o.isRepeatable()) {
            return o.read(texts.getFirst());
        }
        List<Object> all = new ArrayList<>();
        for (String t : texts) {
            all.addAll((List<?>) o.read(t));
        }
        return List.copyOf(all);
    }

    private void checkOperands(List<String> words) {
        int need = 0;
        long room = 0;
        for (Operand op : operands) {
            need += op.min();
            if (words.size() < need) {
                throw new UsageException("missing " + op.label());
            }
            room = Math.min(Integer.MAX_VALUE, room + op.max());
        }
        if (words.size() > room) {
            throw new UsageException("unexpected argument '" + words.get((int) room) + "'"
                    + (room == 0 ? ": " + qualifiedName() + " takes none" : ""));
        }
    }

    /** An option or a mistyped one, as opposed to an operand such as {@code -5} or {@code -}. */
    static boolean looksLikeOption(String word) {
        return word.length() > 1 && word.charAt(0) == '-' && !Character.isDigit(word.charAt(1))
                && word.charAt(1) != '.';
    }
}
