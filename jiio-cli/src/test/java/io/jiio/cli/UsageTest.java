package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The command-line reader: what any order of words means, and a clear refusal of anything else. */
class UsageTest {
    private static final Opt<Long> SAMPLES = Opt.value("-s, --samples", "SCANS", Opt.LONG, 0L, "scans");
    private static final Opt<String> URI = Opt.value("-u, --uri", "URI", Opt.TEXT, null, "uri");
    private static final Opt<Boolean> STATS = Opt.flag("--stats", "stats");
    private static final Opt<Boolean> CYCLIC = Opt.flag("-c, --cyclic", "cyclic");
    private static final Opt<Boolean> INPUT = Opt.flag("-i, --input", "input");
    private static final Opt<List<String>> SKIP = Opt.list("--skip", "LIST", "skip");

    private static Usage usage() {
        return Usage.command("test", "A test command.")
                .options(SAMPLES, URI, STATS, CYCLIC, INPUT, SKIP)
                .operands(Operand.one("DEVICE", "device"), Operand.any("CHANNEL", "channels"))
                .exitCodes(ExitCodes.OK_HELP, ExitCodes.USAGE_HELP);
    }

    @Test
    void optionsTakeEverySpellingLibiioUsersType() {
        Args a = usage().parse("-s1000", "--uri=ip:host", "-ci", "dev", "ch0");
        assertEquals(1000L, a.get(SAMPLES));
        assertEquals("ip:host", a.get(URI));
        assertTrue(a.get(CYCLIC));
        assertTrue(a.get(INPUT));
        assertFalse(a.get(STATS));
        assertFalse(a.given(STATS));
        assertEquals(List.of("dev", "ch0"), a.operands());
    }

    @Test
    void defaultsWhenNotGiven() {
        Args a = usage().parse("dev");
        assertEquals(0L, a.get(SAMPLES));
        assertNull(a.get(URI));
        assertEquals(List.of(), a.get(SKIP));
        assertNull(a.operand(1));
        assertEquals(List.of(), a.operandsFrom(1));
    }

    @Test
    void negativeNumbersAreValuesAndOperandsNotOptions() {
        Args a = usage().parse("-s", "-5", "dev", "-3", "-0.5");
        assertEquals(-5L, a.get(SAMPLES));
        assertEquals(List.of("dev", "-3", "-0.5"), a.operands());
    }

    @Test
    void everythingAfterTwoDashesIsAnOperand() {
        Args a = usage().parse("dev", "--", "--stats", "-s");
        assertFalse(a.get(STATS));
        assertEquals(List.of("dev", "--stats", "-s"), a.operands());
    }

    @Test
    void aListOptionGathersEveryOccurrence() {
        Args a = usage().parse("--skip", "a,b", "dev", "--skip=c");
        assertEquals(List.of("a", "b", "c"), a.get(SKIP));
    }

    @Test
    void refusalsNameTheOptionAndWhy() {
        assertEquals("-s abc: not a whole number", refusal("-s", "abc", "dev"));
        assertEquals("-s needs a value (SCANS)", refusal("dev", "-s"));
        assertEquals("-s is given twice (1 and 2)", refusal("-s", "1", "-s", "2", "dev"));
        assertEquals("missing DEVICE", refusal("-s", "1"));
        assertTrue(refusal("--sample", "1", "dev").startsWith("unknown option '--sample'"));
        assertTrue(refusal("--sample", "1", "dev").contains("Did you mean: --samples?"));
        assertEquals("unknown option '--nothing-like-it'", refusal("dev", "--nothing-like-it=3"));
        // no abbreviations: a prefix that happens to be unique today would break when an option is added
        assertTrue(refusal("--sam", "1", "dev").startsWith("unknown option '--sam'"));
    }

    @Test
    void helpIsThereEvenForAHalfTypedCommandLine() {
        Args a = usage().parse("-s", "abc", "--help");
        assertTrue(a.get(Usage.HELP));
    }

    @Test
    void tooManyOperandsAreRefused() {
        Usage u = Usage.command("none", "Takes no operands.").options(STATS);
        assertEquals("unexpected argument 'x': jiio none takes none", refusalOf(u, "--stats", "x"));
    }

    @Test
    void theHelpListsOptionsInTheirOrderWithTheExitCodes() {
        String help = HelpText.of(usage());
        assertTrue(help.startsWith("Usage: jiio test [OPTIONS] DEVICE [CHANNEL...]"), help);
        assertTrue(help.indexOf("-s, --samples=SCANS") < help.indexOf("-u, --uri=URI"), help);
        assertTrue(help.contains("      --stats"), help);
        assertTrue(help.contains("\n  0   success"), help);
        for (String line : help.split("\n")) {
            assertTrue(line.length() <= 160, line);
        }
    }

    @Test
    void suggestionsAreNearNamesOnly() {
        assertEquals(List.of("read"), UsageErrors.similar("reads", List.of("info", "read", "write", "record")));
        assertEquals(List.of(), UsageErrors.similar("x", List.of("info", "read")));
        assertEquals(List.of("--samples"), UsageErrors.similar("--samplez", List.of("--samples", "--stats")));
    }

    /**
     * Options and operands in any order, with any spelling, mean the same: the options' values and
     * the operands in their own order.
     */
    @Property(tries = 300)
    void anyOrderOfOptionsAndOperandsMeansTheSame(@ForAll("commandLines") List<List<String>> pieces,
                                                   @ForAll long seed) {
        List<List<String>> shuffled = new ArrayList<>(pieces);
        Collections.shuffle(shuffled, new Random(seed));
        List<String> words = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (List<String> p : shuffled) {
            words.addAll(p);
            if (p.size() == 1 && !Usage.looksLikeOption(p.getFirst())) {
                operands.add(p.getFirst());
            }
        }
        Args a = usage().parse(words.toArray(String[]::new));
        assertEquals(operands, a.operands());
        for (List<String> p : pieces) {
            String first = p.getFirst();
            if (first.equals("-s") || first.startsWith("--samples=") || first.startsWith("-s") && first.length() > 2) {
                long expected = Long.parseLong(p.size() == 2 ? p.get(1)
                        : first.startsWith("--samples=") ? first.substring(10) : first.substring(2));
                assertEquals(expected, a.get(SAMPLES));
            }
            if (first.equals("--stats")) {
                assertTrue(a.get(STATS));
            }
        }
    }

    /** Any word that looks like an option but is none is refused by name, never taken as an operand. */
    @Property(tries = 200)
    void unknownOptionsAreRefusedByName(@ForAll("unknownOptions") String word) {
        UsageException e = assertThrows(UsageException.class, () -> usage().parse("dev", word));
        assertTrue(e.getMessage().startsWith("unknown option '"), e.getMessage());
    }

    @Provide
    Arbitrary<List<List<String>>> commandLines() {
        Arbitrary<List<String>> samples = Arbitraries.longs().between(-5, 1_000_000).flatMap(n ->
                Arbitraries.of(List.of("-s", Long.toString(n)), List.of("--samples", Long.toString(n)),
                        List.of("--samples=" + n), List.of("-s" + n)));
        Arbitrary<List<String>> operand = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6)
                .map(List::of);
        Arbitrary<List<String>> negative = Arbitraries.integers().between(-99, -1).map(n -> List.of(Integer.toString(n)));
        return Arbitraries.oneOf(operand, negative).list().ofMinSize(0).ofMaxSize(4).flatMap(ops ->
                samples.injectNull(0.5).flatMap(s -> Arbitraries.of(true, false).map(stats -> {
                    List<List<String>> all = new ArrayList<>();
                    all.add(List.of("dev")); // DEVICE, required
                    all.addAll(ops);
                    if (s != null) {
                        all.add(s);
                    }
                    if (stats) {
                        all.add(List.of("--stats"));
                    }
                    return all;
                })));
    }

    @Provide
    Arbitrary<String> unknownOptions() {
        Arbitrary<String> longs = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .filter(n -> !List.of("samples", "uri", "stats", "cyclic", "input", "skip", "help", "version", "verbose")
                        .contains(n))
                .map(n -> "--" + n);
        Arbitrary<String> shorts = Arbitraries.chars().range('a', 'z').range('A', 'Z')
                .filter(c -> "sucihV".indexOf(c) < 0).map(c -> "-" + c);
        return Arbitraries.oneOf(longs, shorts);
    }

    private static String refusal(String... words) {
        return refusalOf(usage(), words);
    }

    private static String refusalOf(Usage u, String... words) {
        return assertThrows(UsageException.class, () -> u.parse(words)).getMessage();
    }
}
