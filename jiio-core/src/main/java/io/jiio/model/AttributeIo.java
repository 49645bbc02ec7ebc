package io.jiio.model;

/**
 * The backend side of attribute access. Every backend ({@code sim:}, {@code local:}, {@code ip:})
 * implements it; {@link Attribute} forwards to it so that the model itself is backend-neutral.
 */
public interface AttributeIo {
    String read(Attribute attribute);

    void write(Attribute attribute, String value);
}
