package io.jiio.model;

/** Where an attribute lives; the same split libiio makes (and the iiod protocol addresses). */
public enum AttributeKind {
    /** {@code /sys/bus/iio/devices/iio:deviceX/<attr>}. */
    DEVICE,
    /** {@code in_voltage0_raw} and friends, including attributes shared by type. */
    CHANNEL,
    /** {@code bufferY/<attr>}: length, enable, watermark, data_available … */
    BUFFER,
    /** debugfs: {@code /sys/kernel/debug/iio/iio:deviceX/<attr>}, e.g. direct_reg_access. */
    DEBUG
}
