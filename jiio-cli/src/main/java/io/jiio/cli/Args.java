package io.jiio.cli;

import java.util.List;
import java.util.Map;

/**
 * One command line, read ({@link Usage#parse}): the options given, their values already converted
 * and checked, and the operands in order. Options not given read as their defaults.
 */
final class Args {
    private final Usage usage;
    private final Map<Opt<?>, Object> values;
    private final List<String> operands;

    Args(Usage usage, Map<Opt<?>, Object> values, List<String> operands) {
        this.usage = usage;
        this.values = Map.copyOf(values);
        this.operands = List.copyOf(operands);
    }

    Usage usage() {
        return usage;
    }

    /** The option's value: what the command line gave, else its default. */
    @SuppressWarnings("unchecked") // the map holds each Opt<T>'s own T (Usage.parse)
    <T> T get(Opt<T> option) {
        return values.containsKey(option) ? (T) values.get(option) : option.defaultValue();
    }

    /** Whether the command line gave the option (its default does not count). */
    boolean given(Opt<?> option) {
        return values.containsKey(option);
    }

    List<String> operands() {
        return operands;
    }

    /** The operand at {@code index}, or {@code null} when there are fewer. */
    String operand(int index) {
        return index < operands.size() ? operands.get(index) : null;
    }

    /** The operands from {@code index} on. */
    List<String> operandsFrom(int index) {
        return index < operands.size() ? operands.subList(index, operands.size()) : List.of();
    }
}
