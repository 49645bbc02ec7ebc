package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.spi.ContextProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code xml:PATH} scheme, libiio's XML backend ({@code iio_info -x PATH}): a context read from
 * the XML a context prints ({@code jiio genxml}, {@code iio_genxml}, an iiod's PRINT). It describes
 * devices, channels, formats and attribute names; it has no values and nothing to stream, so every
 * attribute read and buffer fails with ENOSYS saying so ({@link XmlBackend}). For looking at a
 * remote device's shape offline, or testing a tool against one.
 */
public final class XmlContextProvider implements ContextProvider {
    /** The largest file taken: a context's XML is kilobytes, a megabyte-sized one is a mistake. */
    static final long MAX_BYTES = 64L << 20;

    /** For {@link java.util.ServiceLoader}, which finds this class through {@code provides} or META-INF/services. */
    public XmlContextProvider() {
    }

    @Override
    public String scheme() {
        return "xml";
    }

    @Override
    public Context open(String uri) {
        String u = uri.trim();
        String file = u.substring(u.indexOf(':') + 1);
        if (file.isEmpty()) {
            throw new IioException(Errno.EINVAL, "context URI '" + u + "': no file (expected xml:PATH)");
        }
        Path path = Path.of(file);
        String xml;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new IioException(Errno.EFBIG, "context URI '" + u + "': " + path + " is over "
                        + (MAX_BYTES >> 20) + " MiB: not a context's XML");
            }
            xml = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IioException(Errno.ENOENT, "context URI '" + u + "': no file " + path, e);
        } catch (AccessDeniedException e) {
            throw new IioException(Errno.EACCES, "context URI '" + u + "': cannot read " + path, e);
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "context URI '" + u + "': cannot read " + path + ": " + e.getMessage(), e);
        }
        XmlBackend backend = new XmlBackend(file);
        NetXml.Parsed p = NetXml.parse(document(xml), backend, file);
        Map<String, String> attrs = new LinkedHashMap<>(p.attributes());
        attrs.put("uri", u);
        return new Context("xml", p.description(), attrs, p.devices(), backend);
    }

    /**
     * The XML document inside the file: libiio 0.24's iio_genxml prints "XML generated:" before it
     * and a success line after it, and a file saved from its output keeps both.
     */
    static String document(String text) {
        int start = text.indexOf("<?xml");
        if (start < 0) {
            start = text.indexOf("<context");
        }
        int end = text.lastIndexOf("</context>");
        if (start < 0 || end < start) {
            return text; // the parser says what is wrong with it
        }
        return text.substring(start, end + "</context>".length());
    }
}
