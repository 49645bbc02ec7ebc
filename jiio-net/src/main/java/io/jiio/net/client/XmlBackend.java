package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.QueueConfig;
import io.jiio.model.Attribute;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.spi.ContextBackend;

/**
 * Behind an {@code xml:} context: a description without a device, so every operation that would
 * need one fails with ENOSYS, naming the file, rather than returning made-up values.
 */
final class XmlBackend implements ContextBackend {
    private final String file;

    XmlBackend(String file) {
        this.file = file;
    }

    private IioException none(String what) {
        return new IioException(Errno.ENOSYS, what + ": xml:" + file + " describes a context, without values or samples");
    }

    @Override
    public String read(Attribute attribute) {
        throw none("reading " + attribute.name());
    }

    @Override
    public void write(Attribute attribute, String value) {
        throw none("writing " + attribute.name());
    }

    @Override
    public BlockQueue openBuffer(Device device, int bufferIndex, ChannelMask mask, QueueConfig config) {
        throw none("a buffer of " + device.displayName());
    }

    @Override
    public Device trigger(Device device) {
        return null; // the XML does not say; "none" is what libiio's XML backend answers too
    }

    @Override
    public void setTrigger(Device device, Device trigger) {
        throw none("setting the trigger of " + device.displayName());
    }

    @Override
    public void close() {
        // nothing held: the file was read whole
    }
}
