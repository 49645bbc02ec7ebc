package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.Locale;

/**
 * Which iiod protocol an {@code ip:} context speaks ({@code ip:HOST[:PORT][,protocol=…]}).
 * <ul>
 * <li>{@code auto} (default): libiio 1.x's binary protocol when the server answers {@code BINARY}
 * with 0, else the text protocol — what libiio's own client does;</li>
 * <li>{@code text}: the libiio 0.x text protocol, never asking for binary;</li>
 * <li>{@code binary}: the binary protocol or a clear error (ENOSYS) when the server does not offer it.</li>
 * </ul>
 */
public enum Protocol {
    /** Binary when the server offers it, else text: what libiio's own client does. */
    AUTO,
    /** The libiio 0.x text protocol, never asking for binary. */
    TEXT,
    /** The binary protocol, or ENOSYS when the server does not offer it. */
    BINARY;

    static Protocol parse(String value, String uri) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "text" -> TEXT;
            case "binary" -> BINARY;
            default -> throw new IioException(Errno.EINVAL, "context URI '" + uri + "': protocol '" + value
                    + "' is not one of auto, text, binary");
        };
    }

    /** {@return the URI spelling: {@code auto}, {@code text} or {@code binary}} */
    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
