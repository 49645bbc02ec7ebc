package io.jiio.recording;

import java.nio.file.Path;

/** Chooses how a recording's data file is written: the best way this machine and file system allow. */
public final class Sinks {
    private Sinks() {
    }

    /**
     * Opens (creating or truncating) the data file with up to {@code depth} writes in flight.
     * Today: buffered positional writes straight from the blocks.
     */
    public static DataSink open(Path data, int depth) {
        return new FileChannelSink(data, "");
    }
}
