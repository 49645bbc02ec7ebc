package io.jiio.cli;

/**
 * A command's positional word ({@code DEVICE}, {@code [CHANNEL...]}): its label, its help, and how
 * many words it takes ({@code max} {@link Integer#MAX_VALUE}: any number).
 */
record Operand(String label, String description, int min, int max) {
    /** Exactly one word. */
    static Operand one(String label, String description) {
        return new Operand(label, description, 1, 1);
    }

    /** One word or none. */
    static Operand optional(String label, String description) {
        return new Operand(label, description, 0, 1);
    }

    /** Any number of words, none included. */
    static Operand any(String label, String description) {
        return new Operand(label, description, 0, Integer.MAX_VALUE);
    }

    /** How the synopsis shows it: {@code DEVICE}, {@code [VALUE]}, {@code [CHANNEL...]}. */
    String synopsis() {
        String s = label + (max > 1 ? "..." : "");
        return min == 0 ? "[" + s + "]" : s;
    }
}
