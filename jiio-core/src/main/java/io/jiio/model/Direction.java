package io.jiio.model;

/** Which way samples flow, from the host's point of view (the kernel's {@code in_}/{@code out_} prefix). */
public enum Direction {
    /** Device to host: an ADC's samples, read through dequeued blocks. */
    INPUT("in", "input"),
    /** Host to device: a DAC's samples, written into blocks before they are enqueued. */
    OUTPUT("out", "output");

    private final String prefix;
    private final String xmlName;

    Direction(String prefix, String xmlName) {
        this.prefix = prefix;
        this.xmlName = xmlName;
    }

    /** {@return the sysfs file-name prefix: {@code in} or {@code out}} */
    public String prefix() {
        return prefix;
    }

    /** {@return the word libiio's XML and tools use: {@code input} or {@code output}} */
    public String xmlName() {
        return xmlName;
    }
}
