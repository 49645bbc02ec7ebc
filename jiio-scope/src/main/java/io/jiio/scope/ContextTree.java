package io.jiio.scope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.util.Map;

/**
 * The context as the page's tree shows it: devices, their channels, every attribute with its
 * value — or, where reading fails, the error in its place (as {@code jiio info} prints
 * "ERROR: …"), so one unreadable attribute does not hide the rest.
 *
 * <p>Where the backend knows which attributes can be written ({@link Attribute#access()}:
 * {@code local:} from the sysfs file's mode, {@code sim:} and {@code sigmf:} from their
 * definitions), the page shows the others read-only; where it cannot ({@code ip:}), every
 * attribute is offered for writing and a refusal is shown in its place.
 *
 * <p>Each attribute carries its address ({@link AttributeAddress}: device id, channel position,
 * kind, name), which the page sends back to write it.
 */
final class ContextTree {
    private ContextTree() {
    }

    static ObjectNode of(String uri, Context ctx, Capture capture) {
        ObjectNode root = Messages.JSON.createObjectNode().put("uri", uri).put("name", ctx.name())
                .put("description", ctx.description());
        ArrayNode cattrs = root.putArray("attributes");
        for (Map.Entry<String, String> e : ctx.attributes().entrySet()) {
            cattrs.addObject().put("name", e.getKey()).put("value", e.getValue());
        }
        CaptureTarget target = capture.target();
        ArrayNode devices = root.putArray("devices");
        for (Device d : ctx.devices()) {
            ObjectNode dn = devices.addObject().put("id", d.id()).put("name", d.name()).put("label", d.label())
                    .put("display", d.displayName()).put("trigger", d.isTrigger()).put("buffer", d.isBufferCapable())
                    .put("input", !CaptureTarget.inputs(d).isEmpty()).put("captured", target.device() == d);
            ArrayNode attrs = dn.putArray("attributes");
            for (AttributeKind kind : new AttributeKind[] {AttributeKind.DEVICE, AttributeKind.BUFFER, AttributeKind.DEBUG}) {
                for (Attribute a : d.attributes(kind)) {
                    attribute(attrs.addObject(), d, -1, a);
                }
            }
            ArrayNode chans = dn.putArray("channels");
            for (Channel c : d.channels()) {
                ObjectNode cn = chans.addObject().put("position", c.position()).put("id", c.id()).put("name", c.name())
                        .put("label", c.label()).put("direction", c.isOutput() ? "output" : "input")
                        .put("scanIndex", c.scanIndex()).put("format", c.format() == null ? null : c.format().toString())
                        .put("unit", Units.of(c)).put("captured", target.channels().contains(c));
                ArrayNode cas = cn.putArray("attributes");
                for (Attribute a : c.attributes()) {
                    attribute(cas.addObject(), d, c.position(), a);
                }
            }
        }
        return root;
    }

    /**
     * One attribute: its address, whether it can be written ({@code writable}, {@code read-only},
     * or {@code unknown} where the backend cannot tell, as over {@code ip:}), and its value or the
     * error reading it.
     */
    static ObjectNode attribute(ObjectNode n, Device d, int channel, Attribute a) {
        n.put("device", d.id()).put("channel", channel).put("kind", a.kind().name()).put("name", a.name())
                .put("access", access(a));
        try {
            n.put("value", a.read());
        } catch (IioException e) {
            n.put("error", e.getMessage());
        } catch (RuntimeException e) {
            n.put("error", e.toString());
        }
        return n;
    }

    private static String access(Attribute a) {
        try {
            return switch (a.access()) {
                case WRITABLE -> "writable";
                case READ_ONLY -> "read-only";
                case UNKNOWN -> "unknown";
            };
        } catch (RuntimeException e) {
            return "unknown"; // the page still offers the write; the device answers it
        }
    }
}
