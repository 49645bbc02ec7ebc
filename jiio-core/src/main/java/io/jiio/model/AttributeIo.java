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
}
