package io.jiio.model;

/**
 * The backend side of attribute access. Every backend ({@code sim:}, {@code local:}, {@code ip:})
 * implements it; {@link Attribute} forwards to it so that the model itself is backend-neutral.
 */
public interface AttributeIo {
    /**
     * Reads an attribute's value now.
     *
     * @param attribute an attribute of this backend's context
     * @return the value as text, without the trailing newline sysfs adds
     * @throws io.jiio.IioException the errno of the failed read, naming the attribute
     */
    String read(Attribute attribute);

    /**
     * Writes an attribute's value.
     *
     * @param attribute an attribute of this backend's context
     * @param value     the value as text
     * @throws io.jiio.IioException the errno of the failed write, naming the attribute
     */
    void write(Attribute attribute, String value);

    /**
     * Whether an attribute can be written, as far as the backend can tell without writing it: from
     * a sysfs file's mode, from a simulator's or a recording's own definition. A backend that
     * cannot tell (a server's XML says nothing of it) keeps this default, and only a write shows.
     *
     * @param attribute an attribute of this backend's context
     * @return {@link Attribute.Access#WRITABLE}, {@link Attribute.Access#READ_ONLY}, or
     *         {@link Attribute.Access#UNKNOWN} (the default); never {@code null}
     */
    default Attribute.Access access(Attribute attribute) {
        return Attribute.Access.UNKNOWN;
    }
}
