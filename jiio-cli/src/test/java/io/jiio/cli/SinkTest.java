package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.junit.jupiter.api.Test;

class SinkTest {

    @Test
    void writesEveryByteEvenWhenTheChannelTakesLittleAtATime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel inner = Channels.newChannel(out);
        WritableByteChannel trickle = failing(null, inner);

        assertTrue(Sink.of(trickle).write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5})));
        assertEquals(5, out.size());
    }

    @Test
    void brokenPipeMeansTheReaderLeft() {
        assertFalse(Sink.of(failing(new IOException("Broken pipe"), null)).write(ByteBuffer.allocate(8)));
    }

    @Test
    void otherWriteFailuresAreIoErrors() {
        IioException e = assertThrows(IioException.class,
                () -> Sink.of(failing(new IOException("No space left on device"), null)).write(ByteBuffer.allocate(8)));

        assertEquals(Errno.EIO, e.errno());
        assertTrue(e.getMessage().startsWith("stdout: No space left on device"), e.getMessage());
    }

    /** Throws {@code failure} if given, else passes one byte per call on to {@code inner}. */
    private static WritableByteChannel failing(IOException failure, WritableByteChannel inner) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                ByteBuffer one = src.slice(src.position(), 1);
                src.position(src.position() + 1);
                return inner.write(one);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
