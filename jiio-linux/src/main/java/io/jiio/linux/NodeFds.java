package io.jiio.linux;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.HashMap;
import java.util.Map;

/**
 * The device nodes a context holds open, shared by its buffers. The kernel lets a node be open once
 * at a time ({@code IIO_BUSY_BIT_POS}), and every buffer of a device is reached through that one
 * open (IIO_BUFFER_GET_FD), so the second buffer of a device must reuse the first one's fd; an
 * EBUSY on the first open means another process holds the device.
 */
final class NodeFds {
    private final Sys sys;
    private final Map<String, int[]> open = new HashMap<>(); // path -> {fd, users}

    NodeFds(Sys sys) {
        this.sys = sys;
    }

    /** The node's fd, opened on first use; {@link #release} once per call. */
    synchronized int acquire(String node, String what) {
        int[] e = open.get(node);
        if (e != null) {
            e[1]++;
            return e[0];
        }
        int fd;
        try {
            fd = sys.open(node, Sys.O_RDWR | Sys.O_NONBLOCK | Sys.O_CLOEXEC);
        } catch (IioException ex) {
            if (ex.errno() == Errno.EBUSY) {
                throw new IioException(Errno.EBUSY, what + ": " + node + " is open in another process (the kernel "
                        + "allows one at a time): the device is busy", ex);
            }
            throw ex;
        }
        open.put(node, new int[] {fd, 1});
        return fd;
    }

    synchronized void release(int fd) {
        for (Map.Entry<String, int[]> e : open.entrySet()) {
            if (e.getValue()[0] == fd) {
                if (--e.getValue()[1] == 0) {
                    open.remove(e.getKey());
                    sys.close(fd);
                }
                return;
            }
        }
        sys.close(fd); // not ours to share: close it as it is
    }
}
