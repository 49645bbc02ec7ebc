package io.jiio.recording;

import java.nio.file.Path;

/**
 * The two files of a SigMF recording: {@code BASE.sigmf-meta} and {@code BASE.sigmf-data}. A user
 * may name either file or the base.
 *
 * @param meta the meta file ({@code BASE.sigmf-meta}: JSON)
 * @param data the data file ({@code BASE.sigmf-data}: the samples, nothing else)
 */
public record SigmfFiles(Path meta, Path data) {
    /** The meta file's extension. */
    public static final String META = ".sigmf-meta";
    /** The data file's extension. */
    public static final String DATA = ".sigmf-data";

    /**
     * The pair a user means: {@code path} may name the meta file, the data file or their base
     * (which then gets both extensions). Neither file needs to exist.
     *
     * @param path a file of the pair, or their base
     * @return both files, in {@code path}'s directory
     */
    public static SigmfFiles of(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        String base = name.endsWith(META) ? name.substring(0, name.length() - META.length())
                : name.endsWith(DATA) ? name.substring(0, name.length() - DATA.length()) : name;
        return new SigmfFiles(path.resolveSibling(base + META), path.resolveSibling(base + DATA));
    }
}
