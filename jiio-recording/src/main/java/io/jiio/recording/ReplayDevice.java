package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.ScanFormat;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * What the replay engine needs of a recording: its mapped data, its length in scans, its losses,
 * and the device's current pace and looping (attributes a user may change between enables, not
 * while a replay runs).
 */
interface ReplayDevice {
    String name();

    MemorySegment data();

    long scans();

    List<SigmfMeta.Loss> losses();

    /** Scans per second to replay at; 0: as fast as blocks come. */
    long rate();

    boolean loop();

    /** A replay took {@link #rate} and {@link #loop} and started ({@code true}), or stopped ({@code false}). */
    void replaying(boolean started);

    /** The scan format of a recorded channel: the exact one jiio noted, else the datatype's. */
    static ScanFormat format(SigmfMeta meta, int index) {
        ScanFormat plain = meta.datatype().scanFormat();
        if (index < meta.channels().size()) {
            String noted = meta.channels().get(index).format();
            try {
                ScanFormat f = ScanFormat.parse(noted);
                if (f.storageBits() == plain.storageBits() && f.repeat() == 1 && f.bigEndian() == plain.bigEndian()) {
                    return f;
                }
            } catch (IioException e) {
                throw new IioException(Errno.EINVAL, "jiio:channels[" + index + "] format '" + noted + "': "
                        + e.reason(), e);
            }
        }
        return plain;
    }
}
