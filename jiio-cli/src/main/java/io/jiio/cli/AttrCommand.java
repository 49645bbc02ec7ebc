package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import io.jiio.model.Direction;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jiio attr}: read, write and list attributes, with iio_attr's options. The kind flag says
 * where the attribute lives and so how many names precede it; the words after are then
 * {@code [ATTR [VALUE]]}: none lists every attribute of the kind with its value, ATTR prints one
 * value, ATTR VALUE writes and prints what the device took (the driver may round it).
 */
@Command(name = "attr", sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.CONTEXT_TIMEOUT_HELP},
        description = {"Read, write or list attributes (like iio_attr).",
                "Without ATTR: list every attribute of that kind with its value. With ATTR: print its "
                        + "value. With ATTR VALUE: write VALUE, then read the attribute back and print it."},
        customSynopsis = {
            "jiio attr [-u URI] -d DEVICE [ATTR [VALUE]]",
            "       jiio attr [-u URI] -c [-i|-o] DEVICE CHANNEL [ATTR [VALUE]]",
            "       jiio attr [-u URI] -B DEVICE [ATTR [VALUE]]",
            "       jiio attr [-u URI] -D DEVICE [ATTR [VALUE]]",
            "       jiio attr [-u URI] -C [ATTR]"})
final class AttrCommand implements Callable<Integer> {

    /** Exactly one kind must be chosen; picocli reports none or several as a usage error. */
    static final class Kind {
        @Option(names = {"-d", "--device-attr"}, description = "Device attributes: DEVICE [ATTR [VALUE]].")
        boolean device;
        @Option(names = {"-c", "--channel-attr"},
                description = "Channel attributes: DEVICE CHANNEL [ATTR [VALUE]].")
        boolean channel;
        @Option(names = {"-B", "--buffer-attr"}, description = "Buffer attributes: DEVICE [ATTR [VALUE]].")
        boolean buffer;
        @Option(names = {"-D", "--debug-attr"}, description = "Debug attributes: DEVICE [ATTR [VALUE]].")
        boolean debug;
        @Option(names = {"-C", "--context-attr"}, description = "Context attributes (read-only): [ATTR].")
        boolean context;
    }

    /** With -c, which of two channels sharing an id (a transceiver's voltage0) is meant. */
    static final class Way {
        @Option(names = {"-i", "--input-channel"}, description = "With -c: the input channel.")
        boolean input;
        @Option(names = {"-o", "--output-channel"}, description = "With -c: the output channel.")
        boolean output;
    }

    @ParentCommand
    private Jiio jiio;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ContextOptions uri;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Kind kind;

    @ArgGroup(exclusive = true)
    private Way way;

    @Parameters(paramLabel = "ARG", description = "DEVICE, CHANNEL, ATTR and VALUE, as the kind needs.")
    private List<String> words = List.of();

    @Override
    public Integer call() {
        if (way != null && !kind.channel) {
            throw new ParameterException(spec.commandLine(), "-i and -o only go with -c");
        }
        PrintStream out = jiio.terminal().out();
        try (Context ctx = uri.open()) {
            if (kind.context) {
                context(out, ctx);
            } else if (kind.channel) {
                channel(out, ctx);
            } else {
                device(out, ctx, kind.device ? AttributeKind.DEVICE
                        : kind.buffer ? AttributeKind.BUFFER : AttributeKind.DEBUG);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void context(PrintStream out, Context ctx) {
        expect(0, 1, "-C [ATTR]");
        Map<String, String> attrs = ctx.attributes();
        if (words.isEmpty()) {
            out.println("IIO context with " + attrs.size() + " attributes:");
            attrs.forEach((k, v) -> out.println(k + ": " + v));
            return;
        }
        String name = words.getFirst();
        String value = attrs.get(name);
        if (value == null) {
            throw new IioException(Errno.ENOENT, "context " + ctx.name() + " has no attribute '" + name
                    + "' (attributes: " + String.join(", ", attrs.keySet()) + ")");
        }
        out.println(value);
    }

    private void device(PrintStream out, Context ctx, AttributeKind which) {
        String flag = which == AttributeKind.DEVICE ? "-d" : which == AttributeKind.BUFFER ? "-B" : "-D";
        expect(0, 3, flag + " [DEVICE [ATTR [VALUE]]]");
        if (words.isEmpty()) {
            // As iio_attr: with no device, the devices and how many such attributes each has.
            out.println("IIO context has " + ctx.devices().size() + " devices:");
            String what = which == AttributeKind.DEVICE ? "device" : which == AttributeKind.BUFFER ? "buffer" : "debug";
            for (Device d : ctx.devices()) {
                out.println("\t" + d.id() + ": " + d.displayName() + ", found " + d.attributes(which).size() + " "
                        + what + " attributes");
            }
            return;
        }
        Device d = ctx.requireDevice(words.getFirst());
        if (words.size() == 1) {
            String what = which == AttributeKind.DEVICE ? "attr" : which == AttributeKind.BUFFER
                    ? "buffer attr" : "debug attr";
            for (Attribute a : d.attributes(which)) {
                out.println("dev '" + d.displayName() + "', " + what + " '" + a.name() + "', " + listed(a));
            }
            return;
        }
        access(out, d.requireAttribute(which, words.get(1)), 2);
    }

    private void channel(PrintStream out, Context ctx) {
        expect(1, 4, "-c DEVICE [CHANNEL [ATTR [VALUE]]]");
        Device d = ctx.requireDevice(words.getFirst());
        if (words.size() == 1) {
            // As iio_attr: with no channel, the device's channels and how many attributes each has.
            for (Channel c : d.channels()) {
                out.println("dev '" + d.displayName() + "', channel '" + c.id() + "' (" + c.direction().xmlName()
                        + "), found " + c.attributes().size() + " channel-specific attributes");
            }
            return;
        }
        Direction direction = way == null ? null : way.input ? Direction.INPUT : Direction.OUTPUT;
        Channel c = ChannelSelection.find(d, words.get(1), direction);
        if (words.size() == 2) {
            for (Attribute a : c.attributes()) {
                out.println("dev '" + d.displayName() + "', channel '" + c.id() + "' ("
                        + c.direction().xmlName() + "), attr '" + a.name() + "', " + listed(a));
            }
            return;
        }
        access(out, c.requireAttribute(words.get(2)), 3);
    }

    /** Prints the attribute's value, writing {@code words[at]} first when it is there. */
    private void access(PrintStream out, Attribute a, int at) {
        if (words.size() > at) {
            a.write(words.get(at));
        }
        out.println(a.read());
    }

    private static String listed(Attribute a) {
        try {
            return "value: '" + a.read() + "'";
        } catch (IioException e) {
            return "ERROR: " + e.getMessage();
        }
    }

    private void expect(int min, int max, String shape) {
        if (words.size() < min || words.size() > max) {
            throw new ParameterException(spec.commandLine(), "expected " + shape + ", got "
                    + words.size() + " argument" + (words.size() == 1 ? "" : "s")
                    + (words.isEmpty() ? "" : ": " + String.join(" ", words)));
        }
    }
}
