package io.jiio.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jiio.IioException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SigmfDatatypeProperties {
    @Provide
    Arbitrary<SigmfDatatype> types() {
        return Arbitraries.of('i', 'u', 'f').flatMap(kind -> Arbitraries.of(kind == 'f' ? new Integer[] {32, 64}
                        : new Integer[] {8, 16, 32})
                .flatMap(bits -> Arbitraries.of(true, false).flatMap(complex -> Arbitraries.of(true, false)
                        .map(be -> new SigmfDatatype(complex, kind, bits, bits != 8 && be)))));
    }

    @Property
    void everyFormatReadsBackAsItself(@ForAll("types") SigmfDatatype t) {
        assertEquals(t, SigmfDatatype.parse(t.toString()));
    }

    @Property
    void anythingElseIsRefusedWithTheText(@ForAll String junk) {
        try {
            SigmfDatatype t = SigmfDatatype.parse(junk);
            assertEquals(junk, t.toString()); // then it was a real format
        } catch (IioException e) {
            assertEquals(true, e.getMessage().contains("'" + junk + "'"));
        }
    }

    @Property
    void eightBitTypesTakeNoByteOrderAndWiderOnesNeedOne(@ForAll("types") SigmfDatatype t) {
        String s = t.toString();
        if (t.bits() == 8) {
            assertThrows(IioException.class, () -> SigmfDatatype.parse(s + "_le"));
        } else {
            assertThrows(IioException.class, () -> SigmfDatatype.parse(s.substring(0, s.length() - 3)));
        }
    }
}
