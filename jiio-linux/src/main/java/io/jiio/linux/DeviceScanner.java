package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeIo;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds one {@link Device} from its sysfs directory the way libiio's local backend reads it:
 * <ol>
 *   <li>every regular file is a device attribute unless its name is a channel attribute in the
 *       strict sense ({@link AttrName#isChannel}); {@code name} and {@code label} name the device;
 *       {@code dev} and {@code uevent} are not attributes;</li>
 *   <li>{@code scan_elements/} (or {@code buffer0/} on kernels without it) gives each scan
 *       element its {@code _en}, {@code _index} and {@code _type};</li>
 *   <li>a channel whose attributes share a leading {@code word_} has that word as its extended
 *       name ({@code in_voltage0_vccint_raw} → {@code vccint});</li>
 *   <li>device attributes shared by type ({@code in_voltage_scale}) move to every channel they
 *       match; what is left and still looks like {@code in_TYPE_ATTR} becomes an index-less
 *       channel ({@code in_steps_input} → {@code steps});</li>
 *   <li>buffer attributes come from {@code buffer0/} or {@code buffer/}, debug attributes from
 *       debugfs {@code iio/<id>/}.</li>
 * </ol>
 * Channels are ordered scan elements first by scan index, then the others by direction and id;
 * attributes by name — so the mask bits are stable across runs.
 */
final class DeviceScanner {
    private static final List<String> NOT_ATTRIBUTES = List.of("dev", "uevent", "name", "label");

    /** What the backend keeps about a device beyond the model: where its files are. */
    record Scanned(Device device, Path dir, Path debugDir, String bufferAttrDir, Map<Channel, String> enableFiles,
                   boolean hasTrigger) {
    }

    private static final class Chan {
        final String id;
        final boolean output;
        String name;
        final List<String[]> attrs = new ArrayList<>(); // {short name, file name}
        final Map<String, String> scan = new LinkedHashMap<>(); // en/index/type → path under the device dir
        int index = -1;
        ScanFormat format;

        Chan(String id, boolean output) {
            this.id = id;
            this.output = output;
        }

        boolean hasAttr(String shortName) {
            for (String[] a : attrs) {
                if (a[0].equals(shortName)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final SysfsFiles files;
    private final AttributeIo io;

    DeviceScanner(SysfsFiles files, AttributeIo io) {
        this.files = files;
        this.io = io;
    }

    Scanned scan(Path dir, Path debugRoot) {
        String id = dir.getFileName().toString();
        String name = null;
        String label = null;
        List<String> devAttrs = new ArrayList<>();
        Map<String, Chan> chans = new LinkedHashMap<>();
        for (String f : regularFiles(dir)) {
            switch (f) {
                case "name" -> name = files.read(dir.resolve(f));
                case "label" -> label = files.read(dir.resolve(f));
                default -> {
                    if (NOT_ATTRIBUTES.contains(f)) {
                        continue;
                    }
                    if (AttrName.isChannel(f, true)) {
                        chan(chans, f).attrs.add(new String[] {AttrName.shortName(f, null), f});
                    } else {
                        devAttrs.add(f);
                    }
                }
            }
        }
        // scan_elements/ is buffer 0's (kept for old tools); each bufferN/ has its own since 5.11,
        // and a second buffer may carry other channels (an output buffer on a transceiver).
        for (String scanDir : scanDirs(dir)) {
            for (String f : regularFiles(dir.resolve(scanDir))) {
                if (isScanElementFile(f)) {
                    chan(chans, f).scan.putIfAbsent(AttrName.shortName(f, null), scanDir + "/" + f);
                }
            }
        }
        for (Chan c : chans.values()) {
            nameChannel(c);
            readScanElement(dir, id, c);
        }
        moveSharedAttributes(chans, devAttrs);
        for (String f : List.copyOf(devAttrs)) {
            if (AttrName.isChannel(f, false)) {
                chan(chans, f).attrs.add(new String[] {AttrName.shortName(f, null), f});
                devAttrs.remove(f);
            }
        }
        return build(dir, debugRoot.resolve(id), id, name, label, devAttrs, chans);
    }

    private Scanned build(Path dir, Path debugDir, String id, String name, String label, List<String> devAttrs,
                          Map<String, Chan> chans) {
        List<Chan> ordered = new ArrayList<>(chans.values());
        ordered.sort(Comparator.<Chan>comparingInt(c -> c.index < 0 ? 1 : 0)
                .thenComparingInt(c -> c.index)
                .thenComparing(c -> c.output)
                .thenComparing(c -> c.id, DeviceScanner::natural));
        List<Channel> channels = new ArrayList<>();
        Map<Channel, String> enableFiles = new LinkedHashMap<>();
        boolean scanElements = false;
        for (Chan c : ordered) {
            c.attrs.sort(Comparator.comparing(a -> a[0]));
            List<Attribute> attrs = new ArrayList<>();
            String chLabel = null;
            for (String[] a : c.attrs) {
                attrs.add(new Attribute(AttributeKind.CHANNEL, a[0], a[1], io));
                if (a[0].equals("label")) {
                    chLabel = files.read(dir.resolve(a[1]));
                }
            }
            Channel ch = new Channel(c.id, c.name, chLabel, c.output ? Direction.OUTPUT : Direction.INPUT,
                    c.format == null ? -1 : c.index, c.format, attrs);
            channels.add(ch);
            if (c.format != null) {
                scanElements = true;
                String en = c.scan.get("en");
                if (en != null) {
                    enableFiles.put(ch, en.substring(en.indexOf('/') + 1));
                }
            }
        }
        devAttrs.sort(null);
        List<Attribute> attributes = new ArrayList<>();
        for (String a : devAttrs) {
            attributes.add(new Attribute(AttributeKind.DEVICE, a, a, io));
        }
        String bufferDir = Files.isDirectory(dir.resolve("buffer0")) ? "buffer0"
                : Files.isDirectory(dir.resolve("buffer")) ? "buffer" : null;
        List<Attribute> bufferAttrs = new ArrayList<>();
        if (bufferDir != null) {
            for (String f : regularFiles(dir.resolve(bufferDir))) {
                if (!isScanElementFile(f)) {
                    bufferAttrs.add(new Attribute(AttributeKind.BUFFER, f, f, io));
                }
            }
        }
        List<Attribute> debugAttrs = new ArrayList<>();
        if (Files.isDirectory(debugDir)) {
            for (String f : regularFiles(debugDir)) {
                debugAttrs.add(new Attribute(AttributeKind.DEBUG, f, f, io));
            }
        }
        boolean trigger = id.startsWith("trigger");
        Device device = new Device(id, name, label, trigger, scanElements && !trigger, channels, attributes,
                bufferAttrs, debugAttrs);
        boolean hasTrigger = Files.isRegularFile(dir.resolve("trigger/current_trigger"));
        return new Scanned(device, dir, debugDir, bufferDir, enableFiles, hasTrigger);
    }

    /** {@code scan_elements} first, then {@code buffer0}, {@code buffer1} … in index order. */
    private static List<String> scanDirs(Path dir) {
        List<String> dirs = new ArrayList<>();
        if (Files.isDirectory(dir.resolve("scan_elements"))) {
            dirs.add("scan_elements");
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("buffer[0-9]+") && Files.isDirectory(dir.resolve(n)))
                    .sorted(DeviceScanner::natural)
                    .forEach(dirs::add);
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return dirs;
    }

    private static Chan chan(Map<String, Chan> chans, String file) {
        String cid = AttrName.channelId(file);
        boolean out = AttrName.isOutput(file);
        return chans.computeIfAbsent((out ? "out:" : "in:") + cid, k -> new Chan(cid, out));
    }

    static boolean isScanElementFile(String f) {
        return AttrName.prefixLength(f) > 0 && (f.endsWith("_en") || f.endsWith("_index") || f.endsWith("_type"));
    }

    /** libiio's rule: with two or more attributes, their common leading {@code word_}s are the extended name. */
    private static void nameChannel(Chan c) {
        List<String> names = new ArrayList<>();
        for (String[] a : c.attrs) {
            names.add(a[0]);
        }
        names.addAll(c.scan.keySet());
        if (names.size() < 2) {
            return;
        }
        String first = names.get(0);
        int prefix = 0;
        int us = first.indexOf('_');
        while (us > 0) {
            String candidate = first.substring(0, us + 1);
            boolean all = true;
            for (String n : names) {
                all &= n.startsWith(candidate);
            }
            if (!all) {
                break;
            }
            prefix = us + 1;
            us = first.indexOf('_', us + 1);
        }
        if (prefix == 0) {
            return;
        }
        c.name = first.substring(0, prefix - 1);
        int cut = prefix;
        for (String[] a : c.attrs) {
            a[0] = a[0].substring(cut);
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        c.scan.forEach((k, v) -> renamed.put(k.substring(cut), v));
        c.scan.clear();
        c.scan.putAll(renamed);
    }

    private void readScanElement(Path dir, String devId, Chan c) {
        String indexFile = c.scan.get("index");
        String typeFile = c.scan.get("type");
        if (indexFile == null || typeFile == null) {
            return;
        }
        String text = files.read(dir.resolve(indexFile));
        try {
            c.index = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, dir.resolve(indexFile) + ": scan index '" + text
                    + "' is not a number");
        }
        if (c.index < 0) {
            throw new IioException(Errno.EINVAL, dir.resolve(indexFile) + ": scan index " + c.index + " is negative");
        }
        String type = files.read(dir.resolve(typeFile)).trim();
        try {
            ScanFormat f = ScanFormat.parse(type);
            // libiio's rule: a sample filling its whole container is fully defined, whatever the case.
            c.format = f.bits() == f.storageBits() && !f.fullyDefined()
                    ? new ScanFormat(f.bigEndian(), f.signed(), f.bits(), f.storageBits(), f.repeat(), f.shift(), true)
                    : f;
        } catch (IioException e) {
            throw new IioException(e.errno(), devId + ": " + dir.resolve(typeFile) + ": " + Reasons.of(e), e);
        }
    }

    /** Level 2 (naming the extended name) before level 1, differential forms before plain ones. */
    private static void moveSharedAttributes(Map<String, Chan> chans, List<String> devAttrs) {
        List<String> candidates = new ArrayList<>();
        for (String a : devAttrs) {
            if (AttrName.prefixLength(a) > 0) {
                candidates.add(a);
            }
        }
        candidates.sort(Comparator.comparing((String a) -> a.indexOf('-') >= 0 ? 0 : 1));
        for (String attr : candidates) {
            List<Chan> matches = new ArrayList<>();
            for (int level = 2; level >= 1 && matches.isEmpty(); level--) {
                for (Chan c : chans.values()) {
                    if (AttrName.sharedMatch(attr, c.id, c.output, c.name) == level) {
                        matches.add(c);
                    }
                }
            }
            for (Chan c : matches) {
                String shortName = AttrName.shortName(attr, c.name);
                if (!c.hasAttr(shortName)) {
                    c.attrs.add(new String[] {shortName, attr});
                }
            }
            if (!matches.isEmpty()) {
                devAttrs.remove(attr);
            }
        }
    }

    static List<String> regularFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IioException(Errno.EIO, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Orders {@code voltage2} before {@code voltage10}. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = Long.compare(Long.parseLong(a.substring(si, Math.min(i, si + 18))),
                        Long.parseLong(b.substring(sj, Math.min(j, sj + 18))));
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
