package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Validators for simulated attribute writes; each error names the attribute and the reason. */
final class SimChecks {
    private SimChecks() {
    }

    static UnaryOperator<String> longInRange(String what, long min, long max) {
        return text -> {
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IioException(Errno.EINVAL, what + ": '" + text + "' is not an integer");
            }
            if (v < min || v > max) {
                throw new IioException(Errno.EINVAL, what + ": " + v + " is out of range " + min + ".." + max);
            }
            return Long.toString(v);
        };
    }

    static UnaryOperator<String> finiteDouble(String what) {
        return text -> {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IioException(Errno.EINVAL, what + ": '" + text + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new IioException(Errno.EINVAL, what + ": '" + text + "' is not finite");
            }
            return text;
        };
    }

    static UnaryOperator<String> oneOf(String what, List<String> choices) {
        return text -> {
            if (!choices.contains(text)) {
                throw new IioException(Errno.EINVAL, what + ": '" + text + "' is not one of " + String.join(", ", choices));
            }
            return text;
        };
    }

    /** Refuses the write with EBUSY while {@code streaming} is true, as drivers do for rate changes. */
    static UnaryOperator<String> notWhile(BooleanSupplier streaming, String what, UnaryOperator<String> check) {
        return text -> {
            if (streaming.getAsBoolean()) {
                throw new IioException(Errno.EBUSY, what + " cannot change while the buffer is enabled");
            }
            return check.apply(text);
        };
    }
}
