package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The storage behind one simulated attribute: what reading and writing the sysfs file would do.
 */
interface SimAttr {
    String read();

    void write(String value);

    /** Whether {@link #write} can take a value at all (a stored value) or always refuses (a computed one). */
    default boolean writable() {
        return true;
    }

    /**
     * A stored value; {@code check} validates and normalises a written text (throwing EINVAL with
     * its reason) and may refuse with EBUSY while the device streams.
     */
    static Stored stored(String initial, UnaryOperator<String> check) {
        return new Stored(initial, check);
    }

    /** A value computed on each read; writing it is refused (EACCES), as for a 0444 sysfs file. */
    static SimAttr readOnly(String what, Supplier<String> reader) {
        return new SimAttr() {
            @Override
            public String read() {
                return reader.get();
            }

            @Override
            public void write(String value) {
                throw new IioException(Errno.EACCES, what + " is read-only");
            }

            @Override
            public boolean writable() {
                return false;
            }
        };
    }

    final class Stored implements SimAttr {
        private final UnaryOperator<String> check;
        private volatile String value;

        Stored(String initial, UnaryOperator<String> check) {
            this.check = check;
            this.value = initial;
        }

        @Override
        public String read() {
            return value;
        }

        @Override
        public void write(String text) {
            value = check.apply(text.trim());
        }

        String value() {
            return value;
        }
    }
}
