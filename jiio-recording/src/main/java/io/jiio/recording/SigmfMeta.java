package io.jiio.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jiio.Errno;
import io.jiio.IioException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording's {@code .sigmf-meta}: what SigMF's core namespace says (datatype, rate, channels,
 * hardware, recorder, the capture's start time) and what jiio adds in its own namespace
 * {@code jiio}, declared optional in {@code core:extensions} so any SigMF reader may ignore it:
 * <ul>
 * <li>global {@code jiio:device}, {@code jiio:channels} (per channel: {@code id}, the exact IIO
 *     scan {@code format} and the attributes that give a sample its meaning, such as {@code scale}
 *     and {@code offset}), {@code jiio:attributes} (device attributes such as a frequency),
 *     {@code jiio:writer} (how the data file was written, and why not better),
 *     {@code jiio:lost_scans} (all scans lost, or -1 when the source cannot tell);</li>
 * <li>one annotation per loss, at the sample index of the data file where the gap is (the first
 *     sample after it): {@code core:label} "loss", a comment, and {@code jiio:lost_scans},
 *     {@code jiio:device_scan} (where the missing scans began in the device's count).</li>
 * </ul>
 * Several channels are interleaved sample by sample ({@code core:num_channels}), as in an IIO scan.
 * Every file written or read is checked against {@link SigmfRules}.
 *
 * @param datatype    {@code core:datatype}, the one type of every value in the data file
 * @param sampleRate  {@code core:sample_rate} in Hz; 0 or less when unknown (then left out)
 * @param numChannels {@code core:num_channels}: channels interleaved per sample (an I/Q pair counts once)
 * @param hw          {@code core:hw}, the hardware recorded from, or {@code null}
 * @param recorder    {@code core:recorder}, the software that recorded, or {@code null}
 * @param description {@code core:description}, or {@code null}
 * @param datetime    {@code core:datetime} of the first sample (wall clock), or {@code null} when unknown
 * @param losses      the gaps, one annotation each, in sample order
 * @param channels    {@code jiio:channels}, one note per recorded IIO channel, in scan order
 * @param device      {@code jiio:device}, the IIO device's name, or {@code null}
 * @param attributes  {@code jiio:attributes}: device attributes worth keeping (a frequency, a gain)
 * @param writer      {@code jiio:writer}: how the data file was written (see {@link DataSink#describe()})
 * @param lostScans   {@code jiio:lost_scans}: all scans lost, or -1 when the source cannot tell
 */
public record SigmfMeta(SigmfDatatype datatype, double sampleRate, int numChannels, String hw, String recorder,
                        String description, Instant datetime, List<Loss> losses, List<ChannelNote> channels,
                        String device, Map<String, String> attributes, String writer, long lostScans) {
    /** The SigMF version the files follow. */
    public static final String SIGMF_VERSION = "1.2.0";
    /** The version of jiio's namespace. */
    public static final String JIIO_EXTENSION_VERSION = "1.0.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A gap: {@code scans} scans lost just before data-file sample {@code sampleStart}.
     *
     * @param sampleStart the sample index in the data file of the first scan after the gap
     * @param scans       scans lost, or -1 when the source cannot tell
     * @param deviceScan  where the missing scans began in the device's count since enable, or -1
     */
    public record Loss(long sampleStart, long scans, long deviceScan) {
    }

    /**
     * One recorded channel: its id, exact IIO scan format, and the attributes that give its values meaning.
     *
     * @param id         the channel's id, e.g. {@code voltage0}
     * @param format     its scan format as sysfs writes it, e.g. {@code le:s12/16>>4}
     * @param attributes attributes such as {@code scale} and {@code offset}, by name
     */
    public record ChannelNote(String id, String format, Map<String, String> attributes) {
    }

    /** Copies the lists and the map: a meta is immutable. */
    public SigmfMeta {
        losses = List.copyOf(losses);
        channels = List.copyOf(channels);
        attributes = Map.copyOf(attributes);
    }

    /** {@return this meta file as JSON, keys in the order a reader expects them} */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode g = root.putObject("global");
        g.put("core:datatype", datatype.toString());
        g.put("core:version", SIGMF_VERSION);
        if (sampleRate > 0) {
            g.put("core:sample_rate", sampleRate);
        }
        g.put("core:num_channels", numChannels);
        putIf(g, "core:hw", hw);
        putIf(g, "core:recorder", recorder);
        putIf(g, "core:description", description);
        ObjectNode ext = g.putArray("core:extensions").addObject();
        ext.put("name", "jiio");
        ext.put("version", JIIO_EXTENSION_VERSION);
        ext.put("optional", true);
        putIf(g, "jiio:device", device);
        ArrayNode chs = g.putArray("jiio:channels");
        for (ChannelNote c : channels) {
            ObjectNode n = chs.addObject();
            n.put("id", c.id());
            n.put("format", c.format());
            c.attributes().forEach(n::put);
        }
        ObjectNode attrs = g.putObject("jiio:attributes");
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> attrs.put(e.getKey(), e.getValue()));
        putIf(g, "jiio:writer", writer);
        g.put("jiio:lost_scans", lostScans);
        ObjectNode capture = root.putArray("captures").addObject();
        capture.put("core:sample_start", 0);
        if (datetime != null) {
            capture.put("core:datetime", DateTimeFormatter.ISO_INSTANT.format(datetime));
        }
        ArrayNode ann = root.putArray("annotations");
        for (Loss l : losses) {
            ObjectNode a = ann.addObject();
            a.put("core:sample_start", l.sampleStart());
            a.put("core:sample_count", 1);
            a.put("core:label", "loss");
            a.put("core:generator", "jiio");
            a.put("core:comment", l.scans() < 0 ? "an unknown number of samples was lost before this sample"
                    : l.scans() + " samples lost before this sample (device scan " + l.deviceScan() + ")");
            a.put("jiio:lost_scans", l.scans());
            a.put("jiio:device_scan", l.deviceScan());
        }
        return root;
    }

    private static void putIf(ObjectNode n, String key, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(key, value);
        }
    }

    /**
     * Writes the meta file whole or not at all (a temporary file moved into place), so a meta file
     * is valid even when the disk filled up during the recording.
     *
     * @param meta the meta file; {@code META.tmp} beside it is used and removed
     * @throws IOException the write or the move failed (ENOSPC included); the old file, if any, is
     *                     left as it was
     * @throws IllegalStateException this meta breaks a rule of {@link SigmfRules} (a bug in jiio)
     */
    public void write(Path meta) throws IOException {
        ObjectNode json = toJson();
        List<String> broken = SigmfRules.violations(json);
        if (!broken.isEmpty()) {
            throw new IllegalStateException("jiio would write an invalid SigMF meta file: " + broken);
        }
        Path tmp = meta.resolveSibling(meta.getFileName() + ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(json));
            try {
                Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp); // after a failed write (a full disk): no half file left behind
        }
    }

    /** {@return the bytes {@link #write} would write: what must fit on the disk} */
    public int size() {
        try {
            return JSON.writeValueAsBytes(toJson()).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a meta file.
     *
     * @param meta the meta file
     * @return what it says; jiio's own keys are optional, so any valid SigMF file reads
     * @throws IioException ENOENT when it does not exist, EINVAL naming the file and every rule it
     *                      breaks when it is not SigMF
     */
    public static SigmfMeta read(Path meta) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(meta));
        } catch (NoSuchFileException e) {
            throw new IioException(Errno.ENOENT, meta + ": no such SigMF meta file");
        } catch (JsonProcessingException e) {
            throw new IioException(Errno.EINVAL, meta + " is not a SigMF meta file: not JSON ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IioException(Errno.EIO, meta + ": " + e.getMessage(), e);
        }
        List<String> broken = SigmfRules.violations(root);
        if (!broken.isEmpty()) {
            throw new IioException(Errno.EINVAL, meta + " is not a valid SigMF meta file: " + String.join("; ", broken));
        }
        JsonNode g = root.get("global");
        List<ChannelNote> channels = new ArrayList<>();
        for (JsonNode c : g.path("jiio:channels")) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : c.properties()) {
                if (!e.getKey().equals("id") && !e.getKey().equals("format")) {
                    attrs.put(e.getKey(), e.getValue().asText());
                }
            }
            channels.add(new ChannelNote(c.path("id").asText(), c.path("format").asText(), attrs));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : g.path("jiio:attributes").properties()) {
            attrs.put(e.getKey(), e.getValue().asText());
        }
        List<Loss> losses = new ArrayList<>();
        for (JsonNode a : root.get("annotations")) {
            if (a.has("jiio:lost_scans")) {
                losses.add(new Loss(a.get("core:sample_start").asLong(), a.get("jiio:lost_scans").asLong(),
                        a.path("jiio:device_scan").asLong(-1)));
            }
        }
        JsonNode first = root.get("captures").isEmpty() ? null : root.get("captures").get(0);
        Instant datetime = first != null && first.has("core:datetime")
                ? Instant.parse(first.get("core:datetime").asText()) : null;
        return new SigmfMeta(SigmfDatatype.parse(g.get("core:datatype").asText()),
                g.path("core:sample_rate").asDouble(0), g.path("core:num_channels").asInt(1),
                g.path("core:hw").asText(null), g.path("core:recorder").asText(null),
                g.path("core:description").asText(null), datetime, losses, channels,
                g.path("jiio:device").asText(null), attrs, g.path("jiio:writer").asText(null),
                g.path("jiio:lost_scans").asLong(0));
    }
}
