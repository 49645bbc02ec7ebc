package io.jiio.net.client;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.buffer.Block;
import io.jiio.buffer.BlockQueue;
import io.jiio.buffer.DmaCompletion;
import io.jiio.buffer.DmaEngine;
import io.jiio.model.ChannelMask;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.net.MessageHeader;
import io.jiio.net.PositionRecord;
import io.jiio.net.Opcode;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DMA side of an {@code ip:} buffer over libiio 1.x's binary protocol, pipelined: every block
 * the queue submits is sent at once as a TRANSFER_BLOCK on the block's own client id (block
 * {@code i} is server block {@code i}, client id {@code i + 1}), so all of the queue's blocks are in
 * flight together and the link, not the round trip, sets the pace.
 *
 * <p>Two threads per enable, one connection per buffer. The <em>writer</em> connects (or reuses the
 * connection), sends OPEN_BUFFER and ENABLE_BUFFER, then CREATE_BLOCK the first time a block is seen
 * and TRANSFER_BLOCK (ENQUEUE_BLOCK_CYCLIC) per submit, output samples straight from the block's
 * memory; on abort it sends CLOSE_BUFFER. The <em>reader</em> takes the responses: input samples go
 * straight into the block's memory, and blocks complete in submit order (the engine contract) even
 * if responses overtake each other. A completion the server answers {@code -ETIMEDOUT} is asked for
 * again (RETRY_DEQUEUE_BLOCK). The reader stops at CLOSE_BUFFER's response, after which no response
 * can touch a block, so abort returns with the engine holding none. A failing connection is logged
 * and closes the queue, so a waiting dequeue ends with ENODEV rather than hanging.
 */
final class BinaryEngine implements DmaEngine {
    private static final System.Logger LOG = System.getLogger(BinaryEngine.class.getName());
    private static final long ABORT_GRACE_MS = 5000;
    private static final int BUFFER_INDEX = 0;

    /** One block as this engine knows it; made once per block, reused every cycle. */
    private static final class Pending {
        final Block block;
        /** The block's memory; null for a block created ahead at enable until it is first submitted. */
        ByteBuffer memory;
        final int index;
        boolean created;
        boolean creating;
        boolean retry;
        boolean done;
        boolean cyclic;
        long request;
        long bytes;
        long timestamp;
        /** The server's position record for this completion (POSITION extension), else unused. */
        long firstScan;
        long lostBefore;

        Pending(Block block, MemorySegment memory, int index) {
            this.block = block;
            this.memory = memory == null ? null : memory.asByteBuffer();
            this.index = index;
        }
    }

    private enum Control { OPEN, ENABLE, CLOSE }

    private final NetBackend backend;
    private final Device device;
    private final int dev;
    private final boolean output;
    /** Output transfers carry the whole block, as libiio's iiod reads them (a jiio server: bytes_used). */
    private final boolean wholeBlocks;
    private final long scanBytes;
    /** The mask OPEN_BUFFER sends: the writer's alone (its position moves while it is written). */
    private final ByteBuffer mask;
    /** The same words for the reader to compare the server's echo with: never shared with the writer. */
    private final ByteBuffer expectedMask;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // --- guarded by lock ---
    private final IdentityHashMap<Block, Pending> known = new IdentityHashMap<>();
    private Pending[] byIndex = new Pending[16];
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Pending> toSend = new ArrayDeque<>();
    private final ArrayDeque<Control> controlReplies = new ArrayDeque<>();
    private int nextIndex;
    // --- writer thread only ---
    private final ByteBuffer out = ByteBuffer.allocateDirect(MessageHeader.LENGTH + MessageHeader.U64_LENGTH)
            .order(MessageHeader.ORDER);
    private final ByteBuffer[] outAndData = new ByteBuffer[2];
    // --- reader thread only ---
    private final ByteBuffer in = ByteBuffer.allocateDirect(MessageHeader.LENGTH).order(MessageHeader.ORDER);
    private Pending[] ready = new Pending[16];
    private final ByteBuffer record = PositionRecord.allocate();
    private final RemotePositions placed;

    /** Counted down when the server answers ENABLE_BUFFER, or when streaming fails. */
    private volatile CountDownLatch enabled = new CountDownLatch(0);
    private volatile SocketChannel channel;
    private volatile boolean stopping;
    /** The data connection negotiated jiio's POSITION extension before BINARY. */
    private volatile boolean positions;
    private volatile IioException failure;
    private BlockQueue queue;
    private DmaCompletion completion;
    private Thread writer;
    private Thread reader;

    /**
     * @param numbering the context's libiio numbering: bit n of OPEN_BUFFER's mask is libiio's channel n,
     *                  not the model's position n
     */
    BinaryEngine(NetBackend backend, Device device, int dev, ChannelMask mask, Direction direction, long scanBytes,
                 io.jiio.net.LibiioIndex numbering) {
        this.backend = backend;
        this.device = device;
        this.dev = dev;
        this.output = direction == Direction.OUTPUT;
        this.wholeBlocks = !backend.positions();
        this.scanBytes = scanBytes;
        int words = (mask.channelCount() + 31) / 32;
        this.mask = ByteBuffer.allocateDirect(words * MessageHeader.MASK_WORD_LENGTH).order(MessageHeader.ORDER);
        for (int p : mask.positions().toArray()) {
            int n = numbering.libiioNumber(device, p);
            int at = (n / 32) * MessageHeader.MASK_WORD_LENGTH;
            this.mask.putInt(at, this.mask.getInt(at) | 1 << (n % 32));
        }
        this.expectedMask = ByteBuffer.allocate(this.mask.capacity()).order(MessageHeader.ORDER);
        this.expectedMask.put(0, this.mask, 0, this.mask.capacity());
        this.placed = new RemotePositions(output, device.displayName() + " over ip:" + backend.endpoint());
        this.channel = connect(); // fail now, in openBuffer, when the server cannot be reached
    }

    private SocketChannel connect() {
        NetContextProvider.Endpoint ep = backend.endpoint();
        IiodClient c = IiodClient.connect(ep.host(), ep.port(), backend.timeoutMs());
        try {
            positions = backend.positions() && NetBackend.askPositions(c);
            long r = c.command("BINARY");
            if (r != 0) {
                throw IiodClient.remote(r < 0 ? r : -Errno.EPROTO.code(), "BINARY", ep.toString());
            }
            return c.detach();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    void queue(BlockQueue q) {
        this.queue = q;
    }

    BlockQueue queue() {
        return queue;
    }

    IioException failure() {
        return failure;
    }

    // ------------------------------------------------------------------ DmaEngine

    /**
     * Starts the writer and waits (at most the context's timeout) until the server has enabled its
     * buffer, so that once {@code enable()} returns the remote device runs, as a local one would:
     * a DAC enabled right after an ADC in loopback then never plays before the ADC listens. On
     * failure it returns anyway; the failure closes the queue.
     */
    @Override
    public void start(DmaCompletion c) {
        completion = c;
        stopping = false;
        failure = null;
        placed.restart();
        CountDownLatch latch = new CountDownLatch(1);
        enabled = latch;
        // Every block the queue has now is created on the server before ENABLE_BUFFER, as libiio's
        // streams do: a kernel-backed server buffer (local: zero-copy) allocates its blocks in one go.
        List<Block> ahead = queue == null ? List.of() : queue.blocks();
        lock.lock();
        try {
            for (Block b : ahead) {
                pending(b, null);
            }
        } finally {
            lock.unlock();
        }
        writer = Thread.ofPlatform().daemon().name("jiio-ip-tx-" + device.displayName()).start(this::write);
        try {
            long ms = backend.timeoutMs();
            if (ms == 0) {
                latch.await(); // no limit
            } else {
                latch.await(ms, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server reports every loss (POSITION negotiated on this buffer's connection). */
    @Override
    public boolean tracksLoss() {
        return positions;
    }

    @Override
    public void submit(Block block, MemorySegment memory) {
        lock.lock();
        try {
            Pending p = pending(block, memory);
            p.done = false;
            p.retry = false;
            p.cyclic = block.isCyclic();
            p.request = block.bytesUsed();
            inFlight.addLast(p);
            toSend.addLast(p);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The block's record (made on first sight, with its client id); guarded by {@code lock}. */
    private Pending pending(Block block, MemorySegment memory) {
        Pending p = known.get(block);
        if (p == null) {
            p = new Pending(block, memory, nextIndex++);
            known.put(block, p);
            if (p.index >= byIndex.length) {
                byIndex = Arrays.copyOf(byIndex, Math.max(byIndex.length * 2, p.index + 1));
            }
            byIndex[p.index] = p;
        } else if (p.memory == null && memory != null) {
            p.memory = memory.asByteBuffer();
        }
        return p;
    }

    @Override
    public void abort() {
        stopping = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MS);
        if (!join(writer, deadline) || !join(reader, deadline)) {
            kill();
            join(writer, Long.MAX_VALUE);
            join(reader, Long.MAX_VALUE);
        }
        writer = null;
        reader = null;
        lock.lock();
        try {
            // CLOSE_BUFFER freed the server's blocks: the next enable creates them anew.
            inFlight.clear();
            toSend.clear();
            controlReplies.clear();
            known.clear();
            Arrays.fill(byIndex, null);
            nextIndex = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        kill();
        backend.engineClosed(queue);
    }

    // ------------------------------------------------------------------ writer

    private void write() {
        try {
            SocketChannel ch = channel;
            if (ch == null || !ch.isOpen()) {
                ch = connect();
                channel = ch;
            }
            if (stopping) {
                enabled.countDown();
                return;
            }
            SocketChannel rc = ch;
            reader = Thread.ofPlatform().daemon().name("jiio-ip-rx-" + device.displayName()).start(() -> read(rc));
            expect(Control.OPEN);
            expect(Control.ENABLE);
            mask.clear();
            send(ch, Opcode.OPEN_BUFFER, 0, BUFFER_INDEX, -1, mask);
            List<Pending> ahead = new ArrayList<>();
            lock.lock();
            try {
                for (int i = 0; i < nextIndex; i++) {
                    Pending p = byIndex[i];
                    if (p != null && !p.created) {
                        p.created = true;
                        p.creating = true;
                        ahead.add(p);
                    }
                }
            } finally {
                lock.unlock();
            }
            for (Pending p : ahead) {
                send(ch, Opcode.CREATE_BLOCK, p.index + 1, MessageHeader.blockCode(BUFFER_INDEX, p.index),
                        p.block.size(), null);
            }
            send(ch, Opcode.ENABLE_BUFFER, 0, BUFFER_INDEX, -1, null);
            while (true) {
                Pending p;
                boolean create;
                lock.lock();
                try {
                    while (toSend.isEmpty() && !stopping) {
                        changed.awaitUninterruptibly();
                    }
                    if (stopping) {
                        break;
                    }
                    p = toSend.pollFirst();
                    create = !p.created;
                    if (create) {
                        // The CREATE_BLOCK response comes first on the block's client id: the reader
                        // takes it for that while `creating` is set.
                        p.created = true;
                        p.creating = true;
                    }
                } finally {
                    lock.unlock();
                }
                int code = MessageHeader.blockCode(BUFFER_INDEX, p.index);
                if (create) {
                    send(ch, Opcode.CREATE_BLOCK, p.index + 1, code, p.block.size(), null);
                }
                if (p.retry) {
                    send(ch, Opcode.RETRY_DEQUEUE_BLOCK, p.index + 1, code, -1, null);
                } else if (output) {
                    ByteBuffer data = p.memory;
                    // libiio's iiod reads a whole block's bytes for an output transfer whatever
                    // bytes_used says (it plays bytes_used of them); jiio's server reads bytes_used.
                    data.clear().limit((int) (wholeBlocks ? p.block.size() : p.request));
                    send(ch, p.cyclic ? Opcode.ENQUEUE_BLOCK_CYCLIC : Opcode.TRANSFER_BLOCK, p.index + 1, code,
                            p.request, data);
                } else {
                    send(ch, Opcode.TRANSFER_BLOCK, p.index + 1, code, p.request, null);
                }
            }
            expect(Control.CLOSE);
            send(ch, Opcode.CLOSE_BUFFER, 0, BUFFER_INDEX, -1, null);
        } catch (IioException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(lost(e));
        }
    }

    private void expect(Control c) {
        lock.lock();
        try {
            controlReplies.addLast(c);
        } finally {
            lock.unlock();
        }
    }

    /** One request: header, then {@code u64} (when {@code u64 >= 0}), then {@code data}, in one gathering write. */
    private void send(SocketChannel ch, int op, int clientId, int code, long u64, ByteBuffer data) throws IOException {
        out.clear();
        MessageHeader.put(out, 0, clientId, op, dev, code);
        out.limit(MessageHeader.LENGTH);
        if (u64 >= 0) {
            out.limit(MessageHeader.LENGTH + MessageHeader.U64_LENGTH);
            out.putLong(MessageHeader.LENGTH, u64);
        }
        if (data == null) {
            while (out.hasRemaining()) {
                ch.write(out);
            }
            return;
        }
        outAndData[0] = out;
        outAndData[1] = data;
        while (out.hasRemaining() || data.hasRemaining()) {
            ch.write(outAndData);
        }
        outAndData[1] = null;
    }

    // ------------------------------------------------------------------ reader

    private void read(SocketChannel ch) {
        try {
            while (true) {
                in.clear();
                readFully(ch, in);
                int id = MessageHeader.clientId(in, 0);
                int code = MessageHeader.code(in, 0);
                if (MessageHeader.op(in, 0) != Opcode.RESPONSE) {
                    throw protocol("the server sent " + Opcode.name(MessageHeader.op(in, 0)) + ", not a response");
                }
                if (id == 0) {
                    if (control(ch, code)) {
                        return;
                    }
                    continue;
                }
                Pending p;
                boolean createReply;
                lock.lock();
                try {
                    p = id - 1 < byIndex.length ? byIndex[id - 1] : null;
                    createReply = p != null && p.creating;
                    if (createReply) {
                        p.creating = false;
                    }
                } finally {
                    lock.unlock();
                }
                if (p == null) {
                    throw protocol("a response on client id " + id + ", which no block uses");
                }
                if (createReply) {
                    if (code < 0) {
                        throw IiodClient.remote(code, "CREATE_BLOCK", device.displayName());
                    }
                    continue;
                }
                block(ch, p, code);
            }
        } catch (IioException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(lost(e));
        }
    }

    /** A response on client id 0; {@code true} at CLOSE_BUFFER's, after which nothing more comes. */
    private boolean control(SocketChannel ch, int code) throws IOException {
        Control c;
        lock.lock();
        try {
            c = controlReplies.pollFirst();
        } finally {
            lock.unlock();
        }
        if (c == null) {
            throw protocol("a response on client id 0 that nothing asked for");
        }
        if (code < 0) {
            throw IiodClient.remote(code, c == Control.OPEN ? "OPEN_BUFFER" : c == Control.ENABLE ? "ENABLE_BUFFER"
                    : "CLOSE_BUFFER", device.displayName());
        }
        if (c == Control.OPEN) {
            // The mask as the server opened it; the queue's layout was fixed by ours, so it must match.
            if (code != expectedMask.capacity()) {
                throw protocol("OPEN_BUFFER answered " + code + " bytes of mask, expected " + expectedMask.capacity());
            }
            ByteBuffer echo = ByteBuffer.allocate(code).order(MessageHeader.ORDER);
            readFully(ch, echo);
            if (!echo.flip().equals(expectedMask)) {
                throw new IioException(Errno.EINVAL, "OPEN_BUFFER on " + device.displayName()
                        + ": the server enabled other channels than asked");
            }
        }
        if (c == Control.ENABLE) {
            enabled.countDown();
        }
        return c == Control.CLOSE;
    }

    /** A TRANSFER_BLOCK / RETRY_DEQUEUE_BLOCK response: the block is done (or asked for again). */
    private void block(SocketChannel ch, Pending p, int code) throws IOException {
        if (code < 0) {
            if (!MessageHeader.isEnqueueError(code) && code == -Errno.ETIMEDOUT.code()) {
                lock.lock();
                try {
                    // Still queued on the server: ask for its completion again.
                    p.retry = true;
                    toSend.addLast(p);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
            int errno = MessageHeader.isEnqueueError(code) ? code >> 16 : code;
            throw IiodClient.remote(errno, "TRANSFER_BLOCK", device.displayName());
        }
        long bytes;
        long ts = System.nanoTime();
        if (positions && !(output && p.cyclic)) {
            // The record leads the answer: where this block sits and what was lost before it.
            if (code < PositionRecord.LENGTH) {
                throw protocol("TRANSFER_BLOCK answered " + code + " bytes, less than the "
                        + PositionRecord.LENGTH + "-byte position record");
            }
            readFully(ch, record.clear());
            p.firstScan = PositionRecord.firstScan(record, 0);
            p.lostBefore = PositionRecord.lostBefore(record, 0);
            long deviceTs = PositionRecord.timestampNs(record, 0);
            if (deviceTs != 0) {
                ts = deviceTs;
            }
            code -= PositionRecord.LENGTH;
        }
        if (output) {
            if (p.cyclic) {
                return; // queued for good: it plays until abort
            }
            if (code != 0) {
                throw protocol("TRANSFER_BLOCK answered " + code + " data bytes for an output block");
            }
            bytes = p.request;
        } else {
            if (code > p.block.size()) {
                throw protocol("TRANSFER_BLOCK answered " + code + " bytes for a block of " + p.block.size());
            }
            ByteBuffer data = p.memory;
            data.clear().limit(code);
            readFully(ch, data);
            bytes = code / scanBytes * scanBytes;
        }
        int n = 0;
        lock.lock();
        try {
            p.done = true;
            p.bytes = bytes;
            p.timestamp = ts;
            while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
                if (n == ready.length) {
                    ready = Arrays.copyOf(ready, n * 2);
                }
                ready[n++] = inFlight.pollFirst();
            }
        } finally {
            lock.unlock();
        }
        // Outside our lock: the queue takes its own, and submit() holds it while taking ours.
        for (int i = 0; i < n; i++) {
            Pending d = ready[i];
            ready[i] = null;
            if (positions) {
                placed.place(completion, d.firstScan, d.lostBefore, d.bytes / scanBytes);
            }
            completion.blockDone(d.block, d.bytes, d.timestamp);
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (ch.read(dst) < 0) {
                throw new EOFException("connection closed by the server");
            }
        }
    }

    // ------------------------------------------------------------------ failure

    private IioException protocol(String what) {
        return new IioException(Errno.EPROTO, "ip:" + backend.endpoint() + ": protocol error on "
                + device.displayName() + "'s buffer: " + what);
    }

    private IioException lost(Exception e) {
        if (stopping) {
            return new IioException(Errno.ECANCELED, "buffer of " + device.displayName() + " was shut down", e);
        }
        return new IioException(Errno.ECONNRESET, "buffer of " + device.displayName() + " over ip:"
                + backend.endpoint() + ": connection lost: " + e.getMessage(), e);
    }

    private void fail(IioException e) {
        enabled.countDown();
        if (stopping) {
            kill(); // an abort in progress: make sure the other thread stops as well
            return;
        }
        if (failure != null) {
            return;
        }
        failure = e;
        LOG.log(System.Logger.Level.DEBUG, "buffer of " + device.displayName() + " over ip:"
                + backend.endpoint() + " stopped: " + e.getMessage());
        kill();
        BlockQueue q = queue;
        if (q != null) {
            // Closing joins this thread (through abort), so it must happen elsewhere.
            Thread.ofPlatform().daemon().name("jiio-ip-fail").start(() -> q.fail(e));
        }
    }

    private void kill() {
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static boolean join(Thread t, long deadline) {
        if (t == null || t == Thread.currentThread()) {
            return true;
        }
        boolean interrupted = false;
        try {
            while (t.isAlive()) {
                try {
                    if (deadline == Long.MAX_VALUE) {
                        t.join();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
