package io.jiio.scope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jiio.model.Channel;
import io.jiio.model.Context;

/**
 * The JSON text messages the server sends a page: {@code hello} (what is captured: device,
 * channels with units, rate, limits — sent on connect and whenever the capture changes) and
 * {@code status} (the live figures, twice a second). Data never travels as JSON; see
 * {@link FrameEncoder}.
 *
 * <p>Why a class of its own: the page's script and these messages must agree field by field;
 * keeping every field name in one place makes that agreement reviewable.
 */
final class Messages {
    static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** What is captured, or why nothing is. */
    static String hello(String uri, Context ctx, Capture capture) {
        ObjectNode m = JSON.createObjectNode().put("type", "hello").put("uri", uri);
        m.putObject("context").put("name", ctx.name()).put("description", ctx.description());
        CaptureTarget target = capture.target();
        CaptureRun run = capture.run();
        if (!target.capturable()) {
            m.put("problem", target.problem());
            return write(m);
        }
        ObjectNode c = m.putObject("capture");
        c.put("device", target.device().displayName()).put("deviceId", target.device().id());
        ArrayNode chans = c.putArray("channels");
        for (Channel ch : target.channels()) {
            chans.addObject().put("id", ch.id()).put("position", ch.position()).put("unit", Units.of(ch));
        }
        if (run != null && run.target() == target) {
            c.put("run", run.number()).put("rate", run.rateHz()).put("blocks", run.blocks())
                    .put("blockScans", run.blockScans()).put("maxWindow", run.maxWindow())
                    .put("maxFft", run.maxFftSize());
        }
        return write(m);
    }

    /**
     * The live figures of {@code run} for one page.
     *
     * @param now     this reading of the run's counts
     * @param earlier the previous one (rates are measured between the two), or null
     */
    static String status(CaptureRun run, CaptureStats.Snapshot now, CaptureStats.Snapshot earlier, Viewer viewer,
                         int viewers, Capture capture) {
        ObjectNode m = JSON.createObjectNode().put("type", "status").put("viewers", viewers)
                .put("framesSent", viewer.framesSent()).put("framesDropped", viewer.framesDropped());
        if (run == null) {
            m.put("state", capture.target().capturable() ? "idle" : "none");
            return write(m);
        }
        m.put("run", run.number()).put("state", run.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("rate", run.rateHz())
                .put("scansPerSecond", now.scansPerSecond(earlier))
                .put("blocksPerSecond", now.blocksPerSecond(earlier))
                .put("scans", now.scans()).put("blocks", now.blocks())
                .put("lossKnown", now.lossKnown())
                .put("lostScans", now.lostScans()).put("gaps", now.gaps())
                .put("queueLostScans", now.queueLostScans()).put("queueOverruns", now.queueOverruns())
                .put("seconds", now.runningNanos() / 1e9);
        if (now.lastGapScan() >= 0) {
            m.putObject("lastGap").put("scan", now.lastGapScan()).put("lost", now.lastGapLost())
                    .put("secondsAgo", now.lastGapAgoNanos() / 1e9);
        }
        if (run.error() != null) {
            m.put("error", run.error());
        }
        return write(m);
    }

    static String write(ObjectNode m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
