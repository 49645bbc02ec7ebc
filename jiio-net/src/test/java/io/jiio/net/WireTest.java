package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jiio.Errno;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void versionLineHasThreeFields() {
        assertEquals("0.24.jiio000\n", Wire.versionLine());
    }

    @Test
    void allAttributesRoundTrip() {
        byte[] body = Wire.encodeAll(List.of(Wire.AttrResult.ok("abc"), Wire.AttrResult.failed(Errno.EIO),
                Wire.AttrResult.ok(""), Wire.AttrResult.ok("1234567")));
        ByteBuffer b = ByteBuffer.wrap(body);
        assertEquals(4, b.getInt());
        assertEquals("abc\0", new String(body, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(-5, b.getInt(8));
        assertEquals(1, b.getInt(12));
        assertEquals(8, b.getInt(20));
        assertEquals(32, body.length);
        assertEquals(Arrays.asList("abc", null, "", "1234567"), Wire.decodeAll(body, 4));
    }

    @Test
    void truncatedAllAttributesAreRefused() {
        byte[] body = Wire.encodeAll(List.of(Wire.AttrResult.ok("abcdef")));
        assertThrows(IllegalArgumentException.class, () -> Wire.decodeAll(Arrays.copyOf(body, 6), 1));
        assertThrows(IllegalArgumentException.class, () -> Wire.decodeAll(body, 2));
    }

    @Test
    void attributeTextDropsTheNulAndNewline() {
        byte[] raw = "42\n\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals("42", Wire.attributeText(raw, raw.length));
    }

    @Test
    void requestSplitsOnBlankRuns() {
        Request r = Request.parse("write  iio:device0  \t 12 \r");
        assertEquals("WRITE", r.keyword());
        assertEquals(List.of("iio:device0", "12"), r.args());
        assertEquals(-1, Request.number("-3"));
        assertEquals(-1, Request.number("99999999999999999999"));
        assertEquals(12, Request.number("12"));
    }

    @Test
    void attributeAddresses() {
        assertEquals(new AttrAddress("d", io.jiio.model.AttributeKind.DEVICE, null, false, null),
                AttrAddress.parse(List.of("d")));
        assertEquals(new AttrAddress("d", io.jiio.model.AttributeKind.CHANNEL, "voltage0", true, "raw"),
                AttrAddress.parse(List.of("d", "output", "voltage0", "raw")));
        assertEquals(new AttrAddress("d", io.jiio.model.AttributeKind.DEBUG, null, false, null),
                AttrAddress.parse(List.of("d", "DEBUG")));
        assertEquals(null, AttrAddress.parse(List.of("d", "x", "y")));
        assertEquals(null, AttrAddress.parse(List.of("d", "INPUT")));
    }
}
