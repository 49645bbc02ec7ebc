package io.jiio.scope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files: the page itself (this package's {@code web/}) and uPlot (the
 * {@code org.webjars.npm:uplot} jar), under {@code /uplot/}.
 *
 * <p>Why from jars: the scope is one jar among jiio's, with no build step for the page (no Node,
 * no bundler) and nothing to unpack; uPlot comes as a Maven dependency like any other, pinned in
 * the root pom. Its files are looked up through the class loader, not this class: they sit under
 * {@code META-INF/}, which no module encapsulates, so they are found on the class path and, from
 * the webjar's automatic module, on the module path alike. Files are read once and kept: there
 * are a handful, a few tens of KiB.
 */
final class WebResources {
    /** A file to serve. */
    record File(ByteBuffer content, String contentType) {
    }

    private static final String PAGE = "/io/jiio/scope/web/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final String uplotDist;
    private final Map<String, File> cache = new ConcurrentHashMap<>();

    WebResources() {
        this.uplotDist = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    }

    /** The version of the uPlot webjar, from its own pom.properties. */
    static String uplotVersion() {
        try (InputStream in = open(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("uPlot's webjar (org.webjars.npm:uplot) is missing from the class "
                        + "or module path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file at URL path {@code path}, or {@code null}. */
    File get(String path) {
        String resource;
        if (path.equals("/") || path.equals("/index.html")) {
            resource = PAGE + "index.html";
        } else if (path.startsWith("/uplot/") && path.indexOf("..") < 0) {
            resource = uplotDist + path.substring("/uplot/".length());
        } else if (path.matches("/[a-z-]+\\.(js|css|png|svg)")) {
            resource = PAGE + path.substring(1);
        } else {
            return null;
        }
        File f = cache.get(resource);
        if (f == null) {
            f = load(resource);
            if (f == null) {
                return null;
            }
            cache.put(resource, f);
        }
        return new File(f.content().asReadOnlyBuffer(), f.contentType());
    }

    /** This module's own files through this class; the webjar's through the loader (see above). */
    private static InputStream open(String resource) {
        if (resource.startsWith(PAGE)) {
            return WebResources.class.getResourceAsStream(resource);
        }
        ClassLoader loader = WebResources.class.getClassLoader();
        return loader.getResourceAsStream(resource.substring(1));
    }

    private static File load(String resource) {
        try (InputStream in = open(resource)) {
            if (in == null) {
                return null;
            }
            return new File(ByteBuffer.wrap(in.readAllBytes()), contentType(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            default -> "application/octet-stream";
        };
    }
}
