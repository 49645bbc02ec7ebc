package io.jiio.spi;

import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.AttributeIo;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;

/**
 * What a transport ({@code sim:}, {@code local:}, {@code ip:}) provides behind the one public API.
 * The model objects ({@link io.jiio.model.Context}, {@link Device} …) are shared; only these
 * operations differ per backend.
 */
public interface ContextBackend extends AttributeIo, AutoCloseable {

    /**
     * Opens buffer {@code bufferIndex} of {@code device} with the channels of {@code mask} enabled.
     * The returned queue holds no blocks yet and is disabled.
     */
    BlockQueue openBuffer(Device device, int bufferIndex, ChannelMask mask, QueueConfig config);

    /** The device's current trigger, or {@code null}. */
    Device trigger(Device device);

    /** Sets (or with {@code null} clears) the device's trigger. */
    void setTrigger(Device device, Device trigger);

    @Override
    void close();
}
