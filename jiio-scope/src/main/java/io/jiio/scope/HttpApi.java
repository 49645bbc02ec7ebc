package io.jiio.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jiio.IioException;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page's files and the JSON API next to the WebSocket:
 * <pre>
 * GET  /api/tree              the context tree with every attribute's value (or error)
 * POST /api/attr              {device, channel, kind, name, value}: write, reply with the value read back or the error
 * GET  /api/capture           what is captured, and which devices could be
 * POST /api/capture           {device, channels: [...]}: capture that instead (every page follows)
 * POST /api/capture/restart   start the capture again (after it failed)
 * </pre>
 *
 * <p>Why plain HTTP for these and not the WebSocket: they are request and reply, rare, and their
 * answers matter (a write's refusal must come back to the field that asked), which is exactly
 * what HTTP gives; the WebSocket is left to the one-way stream of frames. Handlers run on Jetty's
 * threads and may block on the device (an attribute over {@code ip:} is a round trip): they are
 * declared blocking, so Jetty gives them a thread of their own.
 */
final class HttpApi extends Handler.Abstract {
    private static final String JSON_TYPE = "application/json";

    private final String uri;
    private final Context ctx;
    private final Capture capture;
    private final AttributeEditor editor;
    private final WebResources files;
    private final Consumer<String> log;

    HttpApi(String uri, Context ctx, Capture capture, AttributeEditor editor, WebResources files,
            Consumer<String> log) {
        super(InvocationType.BLOCKING);
        this.uri = uri;
        this.ctx = ctx;
        this.capture = capture;
        this.editor = editor;
        this.files = files;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!path.startsWith("/api/")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return false;
            }
            WebResources.File f = files.get(path);
            if (f == null) {
                return false;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, f.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.write(true, method.equals("HEAD") ? ByteBuffer.allocate(0) : f.content(), callback);
            return true;
        }
        if (method.equals("POST")) {
            if (!SameOrigin.allows(request.getHeaders().get(HttpHeader.ORIGIN), request.getHeaders().get(HttpHeader.HOST))) {
                return reply(response, callback, HttpStatus.FORBIDDEN_403, error("requests from another site are refused"));
            }
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !type.startsWith(JSON_TYPE)) {
                return reply(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, error("send " + JSON_TYPE));
            }
        }
        try {
            return switch (method + " " + path) {
                case "GET /api/tree" -> reply(response, callback, 200, ContextTree.of(uri, ctx, capture));
                case "GET /api/capture" -> reply(response, callback, 200, captureInfo());
                case "POST /api/attr" -> writeAttribute(request, response, callback);
                case "POST /api/capture" -> retarget(request, response, callback);
                case "POST /api/capture/restart" -> {
                    capture.restart();
                    yield reply(response, callback, 200, captureInfo());
                }
                default -> reply(response, callback, HttpStatus.NOT_FOUND_404, error("no such API: " + method + " " + path));
            };
        } catch (IioException e) {
            return reply(response, callback, HttpStatus.UNPROCESSABLE_ENTITY_422, error(e.getMessage()));
        }
    }

    private boolean writeAttribute(Request request, Response response, Callback callback) throws Exception {
        JsonNode body = body(request);
        if (body == null || !body.hasNonNull("value")) {
            return reply(response, callback, HttpStatus.BAD_REQUEST_400, error("expected {device, channel, kind, name, value}"));
        }
        ObjectNode r = editor.write(AttributeAddress.parse(body), body.get("value").asText());
        return reply(response, callback, r.path("ok").asBoolean() ? 200 : HttpStatus.UNPROCESSABLE_ENTITY_422, r);
    }

    private boolean retarget(Request request, Response response, Callback callback) throws Exception {
        JsonNode body = body(request);
        if (body == null) {
            return reply(response, callback, HttpStatus.BAD_REQUEST_400, error("expected {device, channels}"));
        }
        List<String> channels = new ArrayList<>();
        body.path("channels").forEach(c -> channels.add(c.asText()));
        CaptureTarget next = CaptureTarget.choose(ctx, body.path("device").asText(null), channels);
        capture.retarget(next);
        if (next.problem() != null) {
            log.accept(next.problem());
        } else {
            log.accept("capturing " + next.device().displayName() + " "
                    + String.join(" ", next.channels().stream().map(c -> c.id()).toList()));
        }
        return reply(response, callback, 200, captureInfo());
    }

    private ObjectNode captureInfo() {
        CaptureTarget t = capture.target();
        ObjectNode m = Messages.JSON.createObjectNode();
        if (t.capturable()) {
            m.put("device", t.device().id());
            ArrayNode chans = m.putArray("channels");
            t.channels().forEach(c -> chans.add(c.id()));
        } else {
            m.put("problem", t.problem());
        }
        ArrayNode devices = m.putArray("devices");
        for (Device d : ctx.devices()) {
            if (!CaptureTarget.inputs(d).isEmpty()) {
                ObjectNode dn = devices.addObject().put("id", d.id()).put("display", d.displayName());
                ArrayNode cs = dn.putArray("channels");
                CaptureTarget.inputs(d).forEach(c -> cs.add(c.id()));
            }
        }
        return m;
    }

    private static JsonNode body(Request request) throws Exception {
        String text = Content.Source.asString(request, StandardCharsets.UTF_8);
        try {
            JsonNode n = Messages.JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static ObjectNode error(String message) {
        return Messages.JSON.createObjectNode().put("ok", false).put("error", message);
    }

    private static boolean reply(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(Messages.write(body).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
