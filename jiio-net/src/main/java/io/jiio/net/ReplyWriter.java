package io.jiio.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way out of a binary session: responses come from the session's reader and from each
 * buffer's completion thread at once, so every message is written whole under one lock. The header
 * buffer and the gathering array are reused: sending a block allocates nothing.
 */
final class ReplyWriter {
    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer header = MessageHeader.allocate();
    private final ByteBuffer[] headerOnly = {header};
    private final ByteBuffer[] headerAndData = new ByteBuffer[2];
    private final ByteBuffer record = PositionRecord.allocate();
    private final ByteBuffer[] headerRecordData = new ByteBuffer[3];

    ReplyWriter(Connection conn) {
        this.conn = conn;
    }

    /** A response without data: {@code code} is a status or {@code -errno}. */
    void status(int clientId, int code) throws IOException {
        lock.lock();
        try {
            fill(clientId, code);
            conn.writeData(headerOnly);
        } finally {
            lock.unlock();
        }
    }

    /** A response carrying {@code data} (position to limit): code = its length. */
    void data(int clientId, ByteBuffer data) throws IOException {
        lock.lock();
        try {
            fill(clientId, data.remaining());
            headerAndData[0] = header;
            headerAndData[1] = data;
            conn.writeData(headerAndData);
        } finally {
            headerAndData[1] = null;
            lock.unlock();
        }
    }

    /**
     * A response led by a {@link PositionRecord} (POSITION extension): code = 24 + the length of
     * {@code data}, which may be null (a played output block: code = 24).
     */
    void positioned(int clientId, long firstScan, long lostBefore, long timestampNs, ByteBuffer data)
            throws IOException {
        lock.lock();
        try {
            int n = data == null ? 0 : data.remaining();
            fill(clientId, PositionRecord.LENGTH + n);
            PositionRecord.put(record, 0, firstScan, lostBefore, timestampNs);
            record.clear();
            headerRecordData[0] = header;
            headerRecordData[1] = record;
            headerRecordData[2] = data == null ? EMPTY : data;
            conn.writeData(headerRecordData);
        } finally {
            headerRecordData[2] = null;
            lock.unlock();
        }
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    /** Cuts the connection: a write blocked on a client that does not read fails at once. */
    void abort() {
        conn.close();
    }

    private void fill(int clientId, int code) {
        MessageHeader.put(header, 0, clientId, Opcode.RESPONSE, 0, code);
        header.clear();
    }
}
