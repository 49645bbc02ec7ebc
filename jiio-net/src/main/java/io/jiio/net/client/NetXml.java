package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeIo;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanFormat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Reads the context XML an iiod server prints ({@code PRINT}) into jiio's model. The JDK parser is
 * configured so that the document's internal DTD is accepted but nothing is ever fetched: no
 * external DTD, no external entities, no XInclude, secure processing (entity expansion limits).
 */
final class NetXml {
    /** What the XML says about the context itself. */
    record Parsed(String name, String description, Map<String, String> attributes, List<Device> devices) {
    }

    private NetXml() {
    }

    static Parsed parse(String xml, AttributeIo io, String endpoint) {
        Document doc;
        try {
            DocumentBuilder db = factory().newDocumentBuilder();
            db.setEntityResolver((publicId, systemId) -> {
                // Never fetch anything: an external reference resolves to nothing.
                return new InputSource(new StringReader(""));
            });
            db.setErrorHandler(null);
            doc = db.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (SAXParseException e) {
            throw new IioException(Errno.EPROTO, endpoint + ": the context XML does not parse (line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IioException(Errno.EPROTO, endpoint + ": the context XML does not parse: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"context".equals(root.getTagName())) {
            throw new IioException(Errno.EPROTO, endpoint + ": the context XML's root is <" + root.getTagName()
                    + ">, not <context>");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        List<Device> devices = new ArrayList<>();
        for (Element e : children(root)) {
            switch (e.getTagName()) {
                case "context-attribute" -> attrs.put(required(e, "name", endpoint), e.getAttribute("value"));
                case "device" -> devices.add(device(e, io, endpoint));
                default -> {
                    // unknown elements (newer libiio) are skipped, as libiio skips them
                }
            }
        }
        return new Parsed(root.getAttribute("name"), root.getAttribute("description"), attrs, devices);
    }

    private static DocumentBuilderFactory factory() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false); // libiio's internal DTD
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    private static Device device(Element d, AttributeIo io, String endpoint) {
        String id = required(d, "id", endpoint);
        String name = optional(d, "name");
        String label = optional(d, "label");
        List<Channel> channels = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        List<Attribute> buffer = new ArrayList<>();
        List<Attribute> debug = new ArrayList<>();
        boolean scan = false;
        for (Element e : children(d)) {
            switch (e.getTagName()) {
                case "channel" -> {
                    Channel c = channel(e, io, endpoint, id);
                    scan |= c.isScanElement();
                    channels.add(c);
                }
                case "attribute" -> attributes.add(new Attribute(AttributeKind.DEVICE,
                        required(e, "name", endpoint), optional(e, "filename"), io));
                case "buffer-attribute" -> buffer.add(new Attribute(AttributeKind.BUFFER,
                        required(e, "name", endpoint), null, io));
                case "debug-attribute" -> debug.add(new Attribute(AttributeKind.DEBUG,
                        required(e, "name", endpoint), null, io));
                default -> {
                }
            }
        }
        boolean trigger = id.startsWith("trigger");
        return new Device(id, name, label, trigger, scan, channels, attributes, buffer, debug);
    }

    private static Channel channel(Element c, AttributeIo io, String endpoint, String deviceId) {
        String id = required(c, "id", endpoint);
        String type = required(c, "type", endpoint);
        Direction dir = switch (type) {
            case "input" -> Direction.INPUT;
            case "output" -> Direction.OUTPUT;
            default -> throw new IioException(Errno.EPROTO, endpoint + ": channel " + deviceId + "/" + id
                    + " has type '" + type + "' (expected input or output)");
        };
        int index = -1;
        ScanFormat format = null;
        List<Attribute> attrs = new ArrayList<>();
        for (Element e : children(c)) {
            switch (e.getTagName()) {
                case "scan-element" -> {
                    String idx = required(e, "index", endpoint);
                    try {
                        index = Integer.parseInt(idx.trim());
                    } catch (NumberFormatException ex) {
                        throw new IioException(Errno.EPROTO, endpoint + ": channel " + deviceId + "/" + id
                                + ": scan index '" + idx + "' is not a number");
                    }
                    String fmt = required(e, "format", endpoint);
                    try {
                        format = ScanFormat.parse(fmt.trim());
                    } catch (IioException ex) {
                        throw new IioException(Errno.EPROTO, endpoint + ": channel " + deviceId + "/" + id
                                + ": " + ex.reason(), ex);
                    }
                }
                case "attribute" -> attrs.add(new Attribute(AttributeKind.CHANNEL,
                        required(e, "name", endpoint), optional(e, "filename"), io));
                default -> {
                }
            }
        }
        if (index < 0) {
            format = null;
            index = -1;
        }
        return new Channel(id, optional(c, "name"), optional(c, "label"), dir, index, format, attrs);
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String required(Element e, String attr, String endpoint) {
        if (!e.hasAttribute(attr)) {
            throw new IioException(Errno.EPROTO, endpoint + ": <" + e.getTagName() + "> in the context XML lacks '"
                    + attr + "'");
        }
        return e.getAttribute(attr);
    }

    private static String optional(Element e, String attr) {
        return e.hasAttribute(attr) ? e.getAttribute(attr) : null;
    }
}
