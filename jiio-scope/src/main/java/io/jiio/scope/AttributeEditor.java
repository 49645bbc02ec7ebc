package io.jiio.scope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.Context;
import java.util.function.Consumer;

/**
 * Writes an attribute for a page and says what came of it: the value read back, or why the
 * device refused — in the reply (the page shows it next to the attribute) and on the terminal.
 *
 * <p>Why it may restart the capture: drivers refuse some writes while their buffer is enabled
 * (a new {@code sampling_frequency} gets EBUSY), and a scope that could never change the rate it
 * shows would be of little use. So when the captured device answers EBUSY, the capture is stopped,
 * the write tried again, and the capture started anew — and the reply says so. Any other refusal
 * stands, as the device gave it. After every write that went through, the capture re-reads the
 * rate, scales and offsets it converts with, so the traces and the frequency axis follow.
 */
final class AttributeEditor {
    private final Context ctx;
    private final Capture capture;
    private final Consumer<String> log;

    AttributeEditor(Context ctx, Capture capture, Consumer<String> log) {
        this.ctx = ctx;
        this.capture = capture;
        this.log = log;
    }

    /**
     * Writes {@code value} to the attribute at {@code address}.
     *
     * @return {@code {ok: true, value, restarted}} or {@code {ok: false, error, value, restarted}}
     *         (the value the attribute kept; restarted: the capture was stopped to try the write); the
     *         attribute's address is in both
     */
    ObjectNode write(AttributeAddress address, String value) {
        ObjectNode reply = Messages.JSON.createObjectNode();
        Attribute a;
        try {
            a = address.resolve(ctx);
        } catch (IioException e) {
            log.accept("write " + address.device() + " " + address.name() + " = '" + value + "' rejected: " + e.getMessage());
            return reply.put("ok", false).put("error", e.getMessage());
        }
        boolean restarted = false;
        try {
            try {
                a.write(value);
            } catch (IioException e) {
                if (e.errno() != Errno.EBUSY || !capture.captures(a.device())) {
                    throw e;
                }
                restarted = true;
                capture.pausedWhile(() -> {
                    a.write(value);
                    return null;
                });
            }
        } catch (IioException e) {
            log.accept("write " + a.describe() + " = '" + value + "' rejected: " + e.getMessage());
            return ContextTree.attribute(reply, a.device(), channelPosition(a), a).put("ok", false)
                    .put("error", e.getMessage()).put("restarted", restarted);
        } catch (RuntimeException e) {
            log.accept("write " + a.describe() + " = '" + value + "' failed: " + e);
            return reply.put("ok", false).put("error", e.toString());
        }
        if (capture.captures(a.device())) {
            capture.refresh();
        }
        ContextTree.attribute(reply, a.device(), channelPosition(a), a).put("ok", true).put("restarted", restarted);
        log.accept("wrote " + a.describe() + " = '" + value + "'" + (restarted ? " (capture restarted: the device "
                + "refused the write while streaming)" : ""));
        return reply;
    }

    private static int channelPosition(Attribute a) {
        return a.channel() == null ? -1 : a.channel().position();
    }
}
