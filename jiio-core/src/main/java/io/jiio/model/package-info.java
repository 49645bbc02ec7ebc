/**
 * The device model libiio users know: a {@link io.jiio.model.Context} (opened from a URI such as
 * {@code sim:}, {@code local:}, {@code ip:HOST} or {@code sigmf:FILE}) holds devices, channels and
 * attributes; {@link io.jiio.model.ChannelMask} chooses the channels of a buffer,
 * {@link io.jiio.model.ScanLayout} places them in a scan and {@link io.jiio.model.ScanFormat}
 * turns their raw values into numbers. The classes are the same for every backend.
 */
package io.jiio.model;
