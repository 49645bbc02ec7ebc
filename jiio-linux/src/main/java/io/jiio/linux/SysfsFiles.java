package io.jiio.linux;

import io.jiio.IioException;
import io.jiio.model.Attribute;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads and writes sysfs attribute files through {@link Sys}, so a failure carries the kernel's
 * own errno (a driver's {@code -EINVAL} from its store function, {@code -EBUSY} while a buffer is
 * enabled) and the message names the file.
 */
final class SysfsFiles {
    /** sysfs hands out at most a page; debugfs files such as register dumps may be longer. */
    private static final int CHUNK = 64 * 1024;

    private final Sys sys;

    SysfsFiles(Sys sys) {
        this.sys = sys;
    }

    /** The file's text without its trailing newline. */
    String read(Path file) {
        int fd;
        try {
            fd = sys.open(file.toString(), Sys.O_RDONLY | Sys.O_CLOEXEC);
        } catch (IioException e) {
            throw failure("read", file, e);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(CHUNK);
            StringBuilder text = new StringBuilder();
            while (true) {
                long n = sys.read(fd, buf, CHUNK);
                if (n <= 0) {
                    break;
                }
                text.append(new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8));
            }
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\0')) {
                end--;
            }
            return text.substring(0, end);
        } catch (IioException e) {
            throw failure("read", file, e);
        } finally {
            sys.close(fd);
        }
    }

    /** Writes {@code value} in one write(), as sysfs store functions expect. */
    void write(Path file, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int fd;
        try {
            // O_TRUNC: meaningless to sysfs, but keeps a plain file standing in for one (tests) exact.
            fd = sys.open(file.toString(), Sys.O_WRONLY | Sys.O_CLOEXEC | 0x200);
        } catch (IioException e) {
            throw failure("write '" + value + "' to", file, e);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n = sys.write(fd, buf, bytes.length);
            if (n != bytes.length) {
                throw new IioException(io.jiio.Errno.EIO, "write '" + value + "' to " + file + ": only "
                        + n + " of " + bytes.length + " bytes were taken");
            }
        } catch (IioException e) {
            if (e.getMessage().contains(file.toString())) {
                throw e;
            }
            throw failure("write '" + value + "' to", file, e);
        } finally {
            sys.close(fd);
        }
    }

    /**
     * Whether {@code file} can be written: read-only without a write bit in its mode (sysfs
     * refuses those even to root) or when this process may not write it; unknown when its mode
     * cannot be read.
     */
    Attribute.Access access(Path file) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Attribute.Access.UNKNOWN;
        }
        boolean writeBit = mode.contains(PosixFilePermission.OWNER_WRITE) || mode.contains(PosixFilePermission.GROUP_WRITE)
                || mode.contains(PosixFilePermission.OTHERS_WRITE);
        return writeBit && Files.isWritable(file) ? Attribute.Access.WRITABLE : Attribute.Access.READ_ONLY;
    }

    private static IioException failure(String what, Path file, IioException e) {
        return new IioException(e.errno(), what + " " + file + ": " + e.errno().description(), e);
    }
}
