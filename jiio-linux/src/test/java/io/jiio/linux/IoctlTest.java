package io.jiio.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The request numbers against the values written out in reference/iio-buffer-abi.md. */
class IoctlTest {
    @Test
    void mainlineDmabufRequests() {
        assertEquals(0xC0046991L, Ioctl.IIO_BUFFER_GET_FD);
        assertEquals(0x40046992L, Ioctl.IIO_BUFFER_DMABUF_ATTACH);
        assertEquals(0x40046993L, Ioctl.IIO_BUFFER_DMABUF_DETACH);
        assertEquals(0x40106994L, Ioctl.IIO_BUFFER_DMABUF_ENQUEUE);
        // _IOWR('H', 0, 24 bytes) and _IOW('b', 0, 8 bytes), from dma-heap.h and dma-buf.h
        assertEquals(0xC0184800L, Ioctl.DMA_HEAP_IOCTL_ALLOC);
        assertEquals(0x40086200L, Ioctl.DMA_BUF_IOCTL_SYNC);
    }

    @Test
    void seedBlockRequests() {
        assertEquals(0xC0106992L, Ioctl.SEED_BLOCK_ALLOC);
        assertEquals(0x6993L, Ioctl.SEED_BLOCK_FREE);
        assertEquals(0xC0206993L, Ioctl.SEED_BLOCK_QUERY);
        assertEquals(0xC0206994L, Ioctl.SEED_BLOCK_ENQUEUE);
        assertEquals(0xC0206995L, Ioctl.SEED_BLOCK_DEQUEUE);
    }

    @Test
    void adiBlockRequestsAsLibiioSendsThem() {
        assertEquals(0xC01069A0L, Ioctl.BLOCK_ALLOC);
        assertEquals(0x69A1L, Ioctl.BLOCK_FREE);
        assertEquals(0xC02069A2L, Ioctl.BLOCK_QUERY);
        assertEquals(0xC02069A3L, Ioctl.BLOCK_ENQUEUE);
        assertEquals(0xC02069A4L, Ioctl.BLOCK_DEQUEUE);
    }

    @Test
    void structSizesMatchTheEncodedOnes() {
        assertEquals(32, BlockDescriptor.BLOCK_SIZE);
        assertEquals(16, BlockDescriptor.ALLOC_REQ_SIZE);
        assertEquals(16, DmabufDescriptor.IIO_DMABUF_SIZE);
        assertEquals(BlockDescriptor.BLOCK_SIZE, (Ioctl.BLOCK_QUERY >> 16) & 0x3fff);
        assertEquals(24, BlockDescriptor.TIMESTAMP_OFFSET);
        assertEquals(8, DmabufDescriptor.BYTES_USED_OFFSET);
    }

    @Test
    void namesForMessages() {
        assertEquals("IIO_BUFFER_DMABUF_ENQUEUE", Ioctl.name(0x40106994L));
        assertEquals("BLOCK_DEQUEUE", Ioctl.name(Ioctl.BLOCK_DEQUEUE));
        assertEquals("ioctl 0x12345678", Ioctl.name(0x12345678L));
    }

    @Test
    void encodingRejectsWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class, () -> Ioctl.ioc(4, 'i', 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.ioc(1, 'i', 256, 0));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.ioc(1, 'i', 0, 0x4000));
    }
}
