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
     *
     * @param device      a device of this backend's context, buffer-capable
     * @param bufferIndex the buffer's index
     * @param mask        the channels to stream, checked by {@link Device#openBuffer} already
     * @param config      the queue's limits, data path and wait strategy
     * @return the queue; the backend closes it when it is closed itself
     * @throws io.jiio.IioException EBUSY when the buffer is open already, or the transport's errno
     */
    BlockQueue openBuffer(Device device, int bufferIndex, ChannelMask mask, QueueConfig config);

    /**
     * The device's current trigger.
     *
     * @param device a device of this backend's context
     * @return the trigger, or {@code null}
     */
    Device trigger(Device device);

    /**
     * Sets (or with {@code null} clears) the device's trigger.
     *
     * @param device  a device of this backend's context
     * @param trigger a trigger of the same context, or {@code null}
     */
    void setTrigger(Device device, Device trigger);

    @Override
    void close();
}
