package io.jiio.recording;

import java.nio.file.Path;

/**
 * The two files of a SigMF recording: {@code BASE.sigmf-meta} and {@code BASE.sigmf-data}. A user
 * may name either file or the base.
 */
public record SigmfFiles(Path meta, Path data) {
    public static final String META = ".sigmf-meta";
    public static final String DATA = ".sigmf-data";

    public static SigmfFiles of(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        String base = name.endsWith(META) ? name.substring(0, name.length() - META.length())
                : name.endsWith(DATA) ? name.substring(0, name.length() - DATA.length()) : name;
        return new SigmfFiles(path.resolveSibling(base + META), path.resolveSibling(base + DATA));
    }
}
