/**
 * SigMF recordings: {@code io.jiio.recording} writes a capture's blocks and losses to a recording
 * ({@link io.jiio.recording.Recorder}, the meta file as {@link io.jiio.recording.SigmfMeta} through
 * Jackson's tree model), and the {@code sigmf:} backend, provided as a
 * {@link io.jiio.spi.ContextProvider}, replays one as a device.
 *
 * <p>Native access: the recorder's io_uring and O_DIRECT writes go through java.lang.foreign.
 */
module io.jiio.recording {
    requires transitive io.jiio.core;
    // SigmfMeta.toJson() returns Jackson's ObjectNode.
    requires transitive com.fasterxml.jackson.databind;

    exports io.jiio.recording;

    provides io.jiio.spi.ContextProvider with io.jiio.recording.SigmfContextProvider;
}
