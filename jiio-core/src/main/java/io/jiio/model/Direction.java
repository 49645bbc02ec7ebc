package io.jiio.model;

/** Which way samples flow, from the host's point of view (the kernel's {@code in_}/{@code out_} prefix). */
public enum Direction {
    INPUT("in", "input"),
    OUTPUT("out", "output");

    private final String prefix;
    private final String xmlName;

    Direction(String prefix, String xmlName) {
        this.prefix = prefix;
        this.xmlName = xmlName;
    }

    /** The sysfs file-name prefix: {@code in} or {@code out}. */
    public String prefix() {
        return prefix;
    }

    /** The word libiio's XML and tools use: {@code input} or {@code output}. */
    public String xmlName() {
        return xmlName;
    }
}
