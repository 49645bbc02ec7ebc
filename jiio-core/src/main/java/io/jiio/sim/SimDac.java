package io.jiio.sim;

import io.jiio.buffer.DmaEngine;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Direction;
import io.jiio.model.ScanLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sim-dac}: two output voltage channels ({@code le:s16/16>>0}) played at
 * {@code sampling_frequency} (0 = as fast as they are taken). Its output feeds the ADC's loopback
 * waveform; a channel's {@code raw} reads the last value played (or written directly).
 */
final class SimDac extends SimDevice {
    static final String NAME = "sim-dac";
    static final int CHANNELS = 2;

    private final SimAttr.Stored rate;
    private final OutputValue[] raw = new OutputValue[CHANNELS];
    private final LoopbackTap tap = new LoopbackTap();

    SimDac(SimBackend backend, String id) {
        super(backend, id, NAME);
        rate = SimAttr.stored("1000000", SimChecks.notWhile(this::streaming, NAME + "/sampling_frequency",
                SimChecks.longInRange(NAME + "/sampling_frequency", 0, 1_000_000_000L)));
        for (int k = 0; k < CHANNELS; k++) {
            raw[k] = new OutputValue(NAME + "/voltage" + k + "/raw");
        }
    }

    @Override
    Direction direction() {
        return Direction.OUTPUT;
    }

    @Override
    int chipId() {
        return 0xDAC0;
    }

    @Override
    List<Channel> channels() {
        List<Channel> list = new ArrayList<>();
        for (int k = 0; k < CHANNELS; k++) {
            String id = "voltage" + k;
            list.add(new Channel(id, null, null, Direction.OUTPUT, k, S16, channelCells(Direction.OUTPUT, id, raw[k])));
        }
        return list;
    }

    @Override
    List<Attribute> deviceAttributes() {
        return List.of(backend.cell(AttributeKind.DEVICE, "sampling_frequency", null, rate));
    }

    @Override
    DmaEngine newEngine(ScanLayout layout) {
        return new SimDacEngine(this, layout);
    }

    long rate() {
        return Long.parseLong(rate.value());
    }

    LoopbackTap loopbackTap() {
        return tap;
    }

    /** Records the first scan of a block being played as each channel's current output value. */
    void lastPlayed(MemorySegment block, ScanLayout layout) {
        for (ScanLayout.Element e : layout.elements()) {
            int k = e.channel().scanIndex();
            if (k >= 0 && k < CHANNELS) {
                raw[k].value = e.format().extract(block, e.offset());
            }
        }
    }

    /** A channel's output level: kept as a number because the DAC thread updates it per block. */
    private static final class OutputValue implements SimAttr {
        private final java.util.function.UnaryOperator<String> check;
        volatile long value;

        OutputValue(String what) {
            check = SimChecks.longInRange(what, -32768, 32767);
        }

        @Override
        public String read() {
            return Long.toString(value);
        }

        @Override
        public void write(String text) {
            value = Long.parseLong(check.apply(text.trim()));
        }
    }
}
