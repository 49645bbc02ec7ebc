package io.jiio.net;

import io.jiio.model.Attribute;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A context as the XML libiio 0.24 emits ({@code iio_context_get_xml}) and parses
 * ({@code iio_create_xml_context_mem}, which validates against the internal DTD): the DOCTYPE is
 * libiio's, byte for byte, and every element and attribute the DTD declares is written in libiio's
 * order. The order of a device's channels here is what the wire's channel masks count: bit i is
 * the i-th channel, i.e. {@code device.channels().get(i)} ({@link io.jiio.model.ChannelMask}
 * positions).
 */
public final class ContextXml {
    /** libiio 0.24's header and internal DTD, as iiod sends it. */
    static final String HEADER = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<!DOCTYPE context ["
            + "<!ELEMENT context (device | context-attribute)*>"
            + "<!ELEMENT context-attribute EMPTY>"
            + "<!ELEMENT device (channel | attribute | debug-attribute | buffer-attribute)*>"
            + "<!ELEMENT channel (scan-element?, attribute*)>"
            + "<!ELEMENT attribute EMPTY>"
            + "<!ELEMENT scan-element EMPTY>"
            + "<!ELEMENT debug-attribute EMPTY>"
            + "<!ELEMENT buffer-attribute EMPTY>"
            + "<!ATTLIST context name CDATA #REQUIRED version-major CDATA #REQUIRED "
            + "version-minor CDATA #REQUIRED version-git CDATA #REQUIRED description CDATA #IMPLIED>"
            + "<!ATTLIST context-attribute name CDATA #REQUIRED value CDATA #REQUIRED>"
            + "<!ATTLIST device id CDATA #REQUIRED name CDATA #IMPLIED label CDATA #IMPLIED>"
            + "<!ATTLIST channel id CDATA #REQUIRED type (input|output) #REQUIRED name CDATA #IMPLIED>"
            + "<!ATTLIST scan-element index CDATA #REQUIRED format CDATA #REQUIRED scale CDATA #IMPLIED>"
            + "<!ATTLIST attribute name CDATA #REQUIRED filename CDATA #IMPLIED>"
            + "<!ATTLIST debug-attribute name CDATA #REQUIRED>"
            + "<!ATTLIST buffer-attribute name CDATA #REQUIRED>"
            + "]>";

    private ContextXml() {
    }

    /**
     * The whole document, without a trailing newline (PRINT adds one after the length it announces),
     * with the text protocol's version.
     *
     * @param ctx the context to describe
     * @return the XML, DTD included, as libiio's {@code iio_create_xml_context_mem} parses it
     */
    public static String of(Context ctx) {
        return of(ctx, Wire.VERSION_MAJOR, Wire.VERSION_MINOR);
    }

    /**
     * The XML with the given protocol version in its context tag: libiio takes the server's version
     * from there, so the binary protocol (libiio 1.x's) says 1.0 and the text one 0.24.
     *
     * @param ctx   the context to describe
     * @param major the protocol's major version
     * @param minor its minor version
     * @return the XML, without a trailing newline
     */
    public static String of(Context ctx, int major, int minor) {
        StringBuilder b = new StringBuilder(4096).append(HEADER);
        b.append("<context");
        attr(b, "name", ctx.name());
        attr(b, "version-major", Integer.toString(major));
        attr(b, "version-minor", Integer.toString(minor));
        attr(b, "version-git", Wire.VERSION_TAG);
        if (!ctx.description().isEmpty()) {
            attr(b, "description", ctx.description());
        }
        b.append('>');
        for (Map.Entry<String, String> e : ctx.attributes().entrySet()) {
            b.append("<context-attribute");
            attr(b, "name", e.getKey());
            attr(b, "value", e.getValue());
            b.append("/>");
        }
        for (Device d : ctx.devices()) {
            device(b, d);
        }
        return b.append("</context>").toString();
    }

    private static void device(StringBuilder b, Device d) {
        b.append("<device");
        attr(b, "id", d.id());
        if (d.name() != null) {
            attr(b, "name", d.name());
        }
        if (d.label() != null) {
            attr(b, "label", d.label());
        }
        b.append('>');
        for (Channel c : d.channels()) {
            channel(b, c);
        }
        for (Attribute a : d.attributes()) {
            b.append("<attribute");
            attr(b, "name", a.name());
            b.append("/>");
        }
        named(b, "buffer-attribute", d.bufferAttributes());
        named(b, "debug-attribute", d.debugAttributes());
        b.append("</device>");
    }

    private static void channel(StringBuilder b, Channel c) {
        b.append("<channel");
        attr(b, "id", c.id());
        if (c.name() != null) {
            attr(b, "name", c.name());
        }
        attr(b, "type", c.direction().xmlName());
        b.append('>');
        if (c.isScanElement()) {
            b.append("<scan-element");
            attr(b, "index", Integer.toString(c.scanIndex()));
            attr(b, "format", format(c.format()));
            String scale = scale(c);
            if (scale != null) {
                attr(b, "scale", scale);
            }
            b.append("/>");
        }
        for (Attribute a : c.attributes()) {
            b.append("<attribute");
            attr(b, "name", a.name());
            attr(b, "filename", a.filename());
            b.append("/>");
        }
        b.append("</channel>");
    }

    private static void named(StringBuilder b, String element, List<Attribute> attrs) {
        for (Attribute a : attrs) {
            b.append('<').append(element);
            attr(b, "name", a.name());
            b.append("/>");
        }
    }

    /** libiio's form of a scan format ({@link ScanFormat#libiioForm()}). */
    static String format(ScanFormat f) {
        return f.libiioForm();
    }

    /** The scan element's scale as libiio prints it ({@code %f}), when the channel has a readable one. */
    private static String scale(Channel c) {
        if (c.attribute("scale").isEmpty()) {
            return null;
        }
        try {
            return String.format(Locale.ROOT, "%f", c.scale());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void attr(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        escape(b, value);
        b.append('"');
    }

    /** XML attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\t' -> b.append("&#9;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF) {
                        b.append(ch);
                    }
                }
            }
        }
    }
}
