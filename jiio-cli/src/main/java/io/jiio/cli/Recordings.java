package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.ScanLayout;
import io.jiio.recording.SigmfDatatype;
import io.jiio.recording.SigmfFiles;
import io.jiio.recording.SigmfMeta;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code write --from}: a recording's data as the samples to play, once it is known to fit the channels. */
final class Recordings {
    private Recordings() {
    }

    /**
     * Opens the data file of the recording at {@code path} for playing on {@code layout}'s channels.
     *
     * @throws IioException ENOENT for a missing file, EINVAL naming both sides when the recording's
     *                      sample type or channel count is not the channels'
     */
    static ReadableByteChannel openForPlay(Path path, ScanLayout layout) throws IOException {
        SigmfFiles files = SigmfFiles.of(path);
        SigmfMeta meta = SigmfMeta.read(files.meta());
        SigmfDatatype want = SigmfDatatype.of(layout);
        int values = meta.numChannels() * meta.datatype().valuesPerSample();
        SigmfDatatype have = meta.datatype();
        if (have.kind() != want.kind() || have.bits() != want.bits() || have.bigEndian() != want.bigEndian()
                || values != layout.channels().size()) {
            throw new IioException(Errno.EINVAL, files.meta() + " holds " + meta.numChannels() + " channel(s) of "
                    + have + ", but the chosen output channels take " + layout.channels().size() + " value(s) of "
                    + want + " per scan");
        }
        try {
            return FileChannel.open(files.data(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IioException(Errno.ENOENT, files.data() + ": the recording's data file does not exist");
        }
    }
}
