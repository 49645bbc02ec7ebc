package io.jiio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.model.Attribute;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.ScanFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/** The context XML is valid against libiio's own DTD and says what the context holds. */
class ContextXmlTest {

    static Document parseValidating(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setValidating(true);
        DocumentBuilder b = f.newDocumentBuilder();
        List<String> errors = new ArrayList<>();
        b.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                errors.add("warning: " + e.getMessage());
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        Document doc = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), errors, "DTD validation");
        return doc;
    }

    @Test
    void simContextIsValidAndComplete() throws Exception {
        try (Context ctx = Context.open("sim:")) {
            String xml = ContextXml.of(ctx);
            assertTrue(xml.startsWith(ContextXml.HEADER + "<context "));
            Document doc = parseValidating(xml);
            Element root = doc.getDocumentElement();
            assertEquals("context", root.getTagName());
            assertEquals("0", root.getAttribute("version-major"));
            assertEquals("24", root.getAttribute("version-minor"));
            assertEquals(ctx.description(), root.getAttribute("description"));
            assertEquals(ctx.attributes().size(), children(root, "context-attribute").size());
            List<Element> devices = children(root, "device");
            assertEquals(ctx.devices().size(), devices.size());
            for (int i = 0; i < devices.size(); i++) {
                checkDevice(ctx.devices().get(i), devices.get(i));
            }
            assertTrue(xml.contains("format=\"le:S16/16&gt;&gt;0\""), "libiio's fully defined form");
            assertTrue(xml.contains("format=\"le:S64/64&gt;&gt;0\""));
        }
    }

    private static void checkDevice(Device d, Element e) {
        assertEquals(d.id(), e.getAttribute("id"));
        assertEquals(d.name() == null ? "" : d.name(), e.getAttribute("name"));
        List<Element> channels = children(e, "channel");
        assertEquals(d.channels().size(), channels.size());
        for (int i = 0; i < channels.size(); i++) {
            Channel c = d.channels().get(i);
            Element ce = channels.get(i);
            assertEquals(c.id(), ce.getAttribute("id"), "channel " + i + " in mask order");
            assertEquals(c.direction().xmlName(), ce.getAttribute("type"));
            List<Element> scan = children(ce, "scan-element");
            assertEquals(c.isScanElement() ? 1 : 0, scan.size());
            if (c.isScanElement()) {
                assertEquals(Integer.toString(c.scanIndex()), scan.getFirst().getAttribute("index"));
                ScanFormat back = ScanFormat.parse(scan.getFirst().getAttribute("format"));
                assertEquals(c.format().bits(), back.bits());
                assertEquals(c.format().storageBits(), back.storageBits());
            }
            List<Element> attrs = children(ce, "attribute");
            assertEquals(c.attributes().size(), attrs.size());
            for (int k = 0; k < attrs.size(); k++) {
                Attribute a = c.attributes().get(k);
                assertEquals(a.name(), attrs.get(k).getAttribute("name"));
                assertEquals(a.filename(), attrs.get(k).getAttribute("filename"));
            }
        }
        assertEquals(names(d.attributes()), attrNames(children(e, "attribute")));
        assertEquals(names(d.bufferAttributes()), attrNames(children(e, "buffer-attribute")));
        assertEquals(names(d.debugAttributes()), attrNames(children(e, "debug-attribute")));
    }

    @Test
    void escapesWhatXmlCannotCarryLiterally() throws Exception {
        StringBuilder b = new StringBuilder();
        ContextXml.escape(b, "a&b<c>d\"e'f\tg\u0001h");
        assertEquals("a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;gh", b.toString());
    }

    @Test
    void formatsAsLibiioWritesThem() {
        assertEquals("le:S16/16>>0", ContextXml.format(ScanFormat.parse("le:s16/16>>0")));
        assertEquals("be:u12/16>>4", ContextXml.format(ScanFormat.parse("be:u12/16>>4")));
        assertEquals("le:U12/16>>4", ContextXml.format(ScanFormat.parse("le:U12/16>>4")));
        assertEquals("le:S16/16X2>>0", ContextXml.format(ScanFormat.parse("le:s16/16X2>>0")));
    }

    private static List<String> names(List<Attribute> attrs) {
        return attrs.stream().map(Attribute::name).toList();
    }

    private static List<String> attrNames(List<Element> es) {
        return es.stream().map(x -> x.getAttribute("name")).toList();
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element el && el.getTagName().equals(tag)) {
                out.add(el);
            }
        }
        return out;
    }
}
