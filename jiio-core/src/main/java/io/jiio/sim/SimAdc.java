package io.jiio.sim;

import io.jiio.buffer.DmaEngine;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import io.jiio.model.ScanFormat;
import io.jiio.model.ScanLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sim-adc}: four voltage channels ({@code le:s16/16>>0}, scan index 0..3) and a soft
 * timestamp ({@code le:s64/64>>0}, index 4), sampling at {@code sampling_frequency} (0 =
 * unthrottled), or at its trigger's rate when a trigger is set.
 */
final class SimAdc extends SimDevice {
    static final String NAME = "sim-adc";
    static final String TIMESTAMP = "timestamp";
    static final int VOLTAGES = 4;
    static final ScanFormat TIMESTAMP_FORMAT = ScanFormat.parse("le:s64/64>>0");

    private final SimAttr.Stored rate;
    private final SimAttr.Stored waveform;
    private final SimAttr.Stored period;
    private volatile long position;

    SimAdc(SimBackend backend, String id) {
        super(backend, id, NAME);
        rate = SimAttr.stored("1000000", SimChecks.notWhile(this::streaming, NAME + "/sampling_frequency",
                SimChecks.longInRange(NAME + "/sampling_frequency", 0, 1_000_000_000L)));
        waveform = SimAttr.stored("sine", SimChecks.notWhile(this::streaming, NAME + "/waveform",
                SimChecks.oneOf(NAME + "/waveform", Waveform.NAMES)));
        period = SimAttr.stored("1000", SimChecks.notWhile(this::streaming, NAME + "/waveform_period",
                SimChecks.longInRange(NAME + "/waveform_period", 4, 1 << 20)));
    }

    @Override
    Direction direction() {
        return Direction.INPUT;
    }

    @Override
    int chipId() {
        return 0xADC0;
    }

    @Override
    List<Channel> channels() {
        List<Channel> list = new ArrayList<>();
        for (int k = 0; k < VOLTAGES; k++) {
            int index = k;
            String id = "voltage" + k;
            SimAttr raw = SimAttr.readOnly(NAME + "/" + id + "/raw", () -> Long.toString(
                    SignalGenerator.valueAt(waveform(), period(), index, S16, position)));
            list.add(new Channel(id, null, null, Direction.INPUT, k, S16, channelCells(Direction.INPUT, id, raw)));
        }
        list.add(new Channel(TIMESTAMP, null, null, Direction.INPUT, VOLTAGES, TIMESTAMP_FORMAT, List.of()));
        return list;
    }

    @Override
    List<Attribute> deviceAttributes() {
        return List.of(
                backend.cell(AttributeKind.DEVICE, "sampling_frequency", null, rate),
                backend.cell(AttributeKind.DEVICE, "waveform", null, waveform),
                backend.cell(AttributeKind.DEVICE, "waveform_available", null,
                        SimAttr.readOnly(NAME + "/waveform_available", () -> String.join(" ", Waveform.NAMES))),
                backend.cell(AttributeKind.DEVICE, "waveform_period", null, period));
    }

    @Override
    DmaEngine newEngine(ScanLayout layout) {
        return new SimAdcEngine(this, layout);
    }

    Waveform waveform() {
        return Waveform.of(waveform.value());
    }

    long period() {
        return Long.parseLong(period.value());
    }

    /** The sample rate in force: the trigger's when one is set, else sampling_frequency. */
    long effectiveRate() {
        Device trigger = backend.trigger(model());
        if (trigger != null) {
            return trigger.requireAttribute(AttributeKind.DEVICE, "sampling_frequency").readLong();
        }
        return Long.parseLong(rate.value());
    }

    LoopbackTap loopbackTap() {
        return backend.dac().loopbackTap();
    }

    long position() {
        return position;
    }

    void position(long n) {
        position = n;
    }
}
