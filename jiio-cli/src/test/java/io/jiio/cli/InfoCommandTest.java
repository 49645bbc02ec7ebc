package io.jiio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeIo;
import io.jiio.model.AttributeKind;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void listsTheContextDevicesChannelsAndAttributeValues() {
        Cli.Result r = Cli.run("info", "-u", "sim:sim-adc.sampling_frequency=1234,sim-adc.voltage1.scale=0.5");

        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.contains("IIO context created with sim backend."), out);
        assertTrue(out.contains("\turi: sim:sim-adc.sampling_frequency=1234"), out);
        assertTrue(out.contains("IIO context has 3 devices:"), out);
        assertTrue(out.contains("\tiio:device0: sim-adc (buffer capable)\n"), out);
        assertTrue(out.contains("\tiio:device1: sim-dac (buffer capable)\n"), out);
        assertTrue(out.contains("\ttrigger0: sim-trigger (trigger)\n"), out);
        assertTrue(out.contains("\t\t\tvoltage0:  (input, index: 0, format: le:S16/16>>0)\n"), out);
        assertTrue(out.contains("\t\t\ttimestamp:  (input, index: 4, format: le:S64/64>>0)\n"), out);
        assertTrue(out.contains("\t\t\tvoltage1:  (output, index: 1, format: le:S16/16>>0)\n"), out);
        assertTrue(out.contains("attr  0: sampling_frequency value: 1234\n"), out);
        assertTrue(out.contains("attr  1: scale value: 0.5\n"), out);
        assertTrue(out.contains("buffer-specific attributes found:"), out);
        assertTrue(out.contains("debug attributes found:"), out);
        assertEquals("", r.stderr());
    }

    @Test
    void devicesAppearInContextOrder() {
        String out = Cli.run("info").stdout();

        int adc = out.indexOf("iio:device0: sim-adc");
        int dac = out.indexOf("iio:device1: sim-dac");
        int trigger = out.indexOf("trigger0: sim-trigger");
        assertTrue(adc >= 0 && adc < dac && dac < trigger, out);
    }

    @Test
    void anAttributeThatCannotBeReadShowsItsErrorInsteadOfAValue() {
        AttributeIo failing = new AttributeIo() {
            @Override
            public String read(Attribute attribute) {
                throw new IioException(Errno.EIO, "sensor not answering");
            }

            @Override
            public void write(Attribute attribute, String value) {
                throw new IioException(Errno.EIO, "sensor not answering");
            }
        };
        Attribute broken = new Attribute(AttributeKind.DEVICE, "in_temp", null, failing);

        assertEquals("ERROR: sensor not answering (EIO)", InfoCommand.valueOrError(broken));
    }

    @Test
    void unknownBackendFailsWithTheEnginesMessage() {
        Cli.Result r = Cli.run("info", "-u", "nosuch:thing");

        assertEquals(ExitCodes.ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("jiio info: "), r.stderr());
        assertTrue(r.stderr().contains("nosuch"), r.stderr());
    }
}
