package io.jiio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChannelMaskProperties {

    /** Two masks over the same channel count, which is what every binary operation requires. */
    record Pair(ChannelMask a, ChannelMask b) {
    }

    @Property
    void hexRoundTrips(@ForAll("masks") ChannelMask m) {
        String hex = m.toHex();
        assertEquals(((m.channelCount() + 31) / 32) * 8, hex.length());
        assertEquals(m, ChannelMask.fromHex(hex, m.channelCount()));
        assertEquals(m, ChannelMask.fromHex(hex.toUpperCase(), m.channelCount()));
    }

    @Property
    void hexMatchesABitSetModel(@ForAll("masks") ChannelMask m) {
        BitSet model = new BitSet();
        m.positions().forEach(model::set);
        StringBuilder expected = new StringBuilder();
        for (int word = (m.channelCount() + 31) / 32 - 1; word >= 0; word--) {
            long bits = 0;
            for (int i = 0; i < 32; i++) {
                if (model.get(word * 32 + i)) {
                    bits |= 1L << i;
                }
            }
            expected.append(String.format("%08x", bits));
        }
        assertEquals(expected.toString(), m.toHex());
        assertEquals(model.cardinality(), m.cardinality());
    }

    @Property
    void unionContainsBothAndNothingElse(@ForAll("pairs") Pair p) {
        ChannelMask u = p.a().union(p.b());
        assertTrue(p.a().isSubsetOf(u));
        assertTrue(p.b().isSubsetOf(u));
        assertEquals(u, p.b().union(p.a()));
        assertEquals(u, u.union(p.a()));
        for (int i = 0; i < u.channelCount(); i++) {
            assertEquals(p.a().isEnabled(i) || p.b().isEnabled(i), u.isEnabled(i));
        }
    }

    @Property
    void subsetMeansUnionChangesNothing(@ForAll("pairs") Pair p) {
        assertEquals(p.a().isSubsetOf(p.b()), p.a().union(p.b()).equals(p.b()));
    }

    @Property
    void positionsAreAscendingAndEnabled(@ForAll("masks") ChannelMask m) {
        int[] ps = m.positions().toArray();
        assertEquals(m.cardinality(), ps.length);
        for (int i = 0; i < ps.length; i++) {
            assertTrue(m.isEnabled(ps[i]));
            assertTrue(i == 0 || ps[i - 1] < ps[i]);
        }
    }

    @Provide
    Arbitrary<ChannelMask> masks() {
        return Arbitraries.integers().between(0, 200).flatMap(this::masksOf);
    }

    @Provide
    Arbitrary<Pair> pairs() {
        return Arbitraries.integers().between(1, 200).flatMap(n -> masksOf(n).flatMap(a ->
                Arbitraries.oneOf(masksOf(n), subsetOf(a)).map(b -> new Pair(a, b))));
    }

    private Arbitrary<ChannelMask> masksOf(int count) {
        if (count == 0) {
            return Arbitraries.just(new ChannelMask(0));
        }
        return Arbitraries.integers().between(0, count - 1).set().ofMaxSize(count)
                .map(set -> {
                    ChannelMask m = new ChannelMask(count);
                    set.forEach(m::enable);
                    return m;
                });
    }

    private Arbitrary<ChannelMask> subsetOf(ChannelMask m) {
        List<Integer> ps = m.positions().boxed().toList();
        return Arbitraries.of(true, false).list().ofSize(ps.size()).map(keep -> {
            ChannelMask s = new ChannelMask(m.channelCount());
            for (int i = 0; i < ps.size(); i++) {
                if (keep.get(i)) {
                    s.enable(ps.get(i));
                }
            }
            return s;
        });
    }
}
