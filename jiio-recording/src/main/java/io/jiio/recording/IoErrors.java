package io.jiio.recording;

import io.jiio.Errno;
import io.jiio.IioException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Java's file errors as the errno a user expects, naming the file and what was being done. */
final class IoErrors {
    private IoErrors() {
    }

    static IioException of(Path path, String doing, IOException e) {
        String m = String.valueOf(e.getMessage());
        Errno errno = e instanceof NoSuchFileException ? Errno.ENOENT
                : e instanceof AccessDeniedException ? Errno.EACCES
                : m.contains("No space left") ? Errno.ENOSPC
                : m.contains("File too large") ? Errno.EFBIG
                : m.contains("Read-only file system") ? Errno.EROFS
                : Errno.EIO;
        String what = errno == Errno.ENOENT ? "no such file or directory"
                : errno == Errno.ENOSPC ? "no space left on the device" : m;
        return new IioException(errno, path + ": " + doing + ": " + what, e);
    }
}
