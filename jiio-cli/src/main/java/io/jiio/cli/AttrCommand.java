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

/**
 * {@code jiio attr}: read, write and list attributes, with iio_attr's options. The kind flag says
 * where the attribute lives and so how many names precede it; the words after are then
 * {@code [ATTR [VALUE]]}: none lists every attribute of the kind with its value, ATTR prints one
 * value, ATTR VALUE writes and prints what the device took (the driver may round it).
 */
final class AttrCommand implements Callable<Integer> {
    static final Opt<Boolean> DEVICE = Opt.flag("-d, --device-attr", "Device attributes: DEVICE [ATTR [VALUE]].");
    static final Opt<Boolean> CHANNEL = Opt.flag("-c, --channel-attr",
            "Channel attributes: DEVICE CHANNEL [ATTR [VALUE]].");
    static final Opt<Boolean> BUFFER = Opt.flag("-B, --buffer-attr", "Buffer attributes: DEVICE [ATTR [VALUE]].");
    static final Opt<Boolean> DEBUG = Opt.flag("-D, --debug-attr", "Debug attributes: DEVICE [ATTR [VALUE]].");
    static final Opt<Boolean> CONTEXT = Opt.flag("-C, --context-attr", "Context attributes (read-only): [ATTR].");
    /** With -c, which of two channels sharing an id (a transceiver's voltage0) is meant. */
    static final Opt<Boolean> INPUT = Opt.flag("-i, --input-channel", "With -c: the input channel.");
    static final Opt<Boolean> OUTPUT = Opt.flag("-o, --output-channel", "With -c: the output channel.");

    static final Usage USAGE = Usage.command("attr", "Read, write or list attributes (like iio_attr).")
            .describe("Without ATTR: list every attribute of that kind with its value. With ATTR: print its "
                    + "value. With ATTR VALUE: write VALUE, then read the attribute back and print it.")
            .synopsis("jiio attr [-u URI] -d DEVICE [ATTR [VALUE]]",
                    "jiio attr [-u URI] -c [-i|-o] DEVICE CHANNEL [ATTR [VALUE]]",
                    "jiio attr [-u URI] -B DEVICE [ATTR [VALUE]]",
                    "jiio attr [-u URI] -D DEVICE [ATTR [VALUE]]",
                    "jiio attr [-u URI] -C [ATTR]")
            .options(ContextOptions.OPTIONS)
            .options(DEVICE, CHANNEL, BUFFER, DEBUG, CONTEXT, INPUT, OUTPUT)
            .operands(Operand.any("ARG", "DEVICE, CHANNEL, ATTR and VALUE, as the kind needs."))
            .exitCodes(ExitCodes.CONTEXT_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    /** The one kind flag given: where the attribute lives. */
    private final Opt<Boolean> kind;
    /** -i or -o, or neither. */
    private final Direction way;
    private final List<String> words;

    AttrCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.kind = oneOf(args, List.of(DEVICE, CHANNEL, BUFFER, DEBUG, CONTEXT), true);
        Opt<Boolean> w = oneOf(args, List.of(INPUT, OUTPUT), false);
        if (w != null && kind != CHANNEL) {
            throw new UsageException("-i and -o only go with -c");
        }
        this.way = w == null ? null : w == INPUT ? Direction.INPUT : Direction.OUTPUT;
        this.words = args.operands();
    }

    /** The one flag of {@code group} given; none is an error when {@code required}, two always are. */
    private static Opt<Boolean> oneOf(Args args, List<Opt<Boolean>> group, boolean required) {
        Opt<Boolean> chosen = null;
        for (Opt<Boolean> o : group) {
            if (args.get(o)) {
                if (chosen != null) {
                    throw new UsageException(chosen.displayName() + " and " + o.displayName() + " cannot go together: "
                            + "give one of " + String.join(", ", group.stream().map(Opt::displayName).toList()));
                }
                chosen = o;
            }
        }
        if (chosen == null && required) {
            throw new UsageException("say which attributes: one of "
                    + String.join(", ", group.stream().map(Opt::displayName).toList()));
        }
        return chosen;
    }

    @Override
    public Integer call() {
        PrintStream out = terminal.out();
        try (Context ctx = uri.open()) {
            if (kind == CONTEXT) {
                context(out, ctx);
            } else if (kind == CHANNEL) {
                channel(out, ctx);
            } else {
                device(out, ctx, kind == DEVICE ? AttributeKind.DEVICE
                        : kind == BUFFER ? AttributeKind.BUFFER : AttributeKind.DEBUG);
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
        Channel c = ChannelSelection.find(d, words.get(1), way);
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
            throw new UsageException("expected " + shape + ", got "
                    + words.size() + " argument" + (words.size() == 1 ? "" : "s")
                    + (words.isEmpty() ? "" : ": " + String.join(" ", words)));
        }
    }
}
