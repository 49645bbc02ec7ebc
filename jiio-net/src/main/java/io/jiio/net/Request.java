package io.jiio.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request line split into its keyword (upper-cased; keywords are case-insensitive) and the
 * words after it. Blanks (spaces, tabs) of any number separate words, so the double space libiio's
 * clients send for an empty attribute name ({@code WRITE dev  12}) and trailing blanks do not count.
 */
record Request(String keyword, List<String> args) {

    static Request parse(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
        if (words.isEmpty()) {
            return new Request("", List.of());
        }
        return new Request(words.getFirst().toUpperCase(Locale.ROOT), List.copyOf(words.subList(1, words.size())));
    }

    boolean isEmpty() {
        return keyword.isEmpty();
    }

    int argc() {
        return args.size();
    }

    String arg(int i) {
        return args.get(i);
    }

    static boolean isKeyword(String word, String keyword) {
        return word.equalsIgnoreCase(keyword);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** Parses a non-negative decimal, or returns -1 (no sign, no overflow, digits only). */
    static long number(String word) {
        if (word.isEmpty() || word.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
