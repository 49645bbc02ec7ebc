/**
 * SigMF recordings: {@link io.jiio.recording.Recorder} writes a capture's blocks to a data file
 * (io_uring with registered buffers and O_DIRECT where the kernel allows, with fallbacks) and its
 * losses to the meta file; the {@code sigmf:} backend replays a recording as a device.
 */
package io.jiio.recording;
