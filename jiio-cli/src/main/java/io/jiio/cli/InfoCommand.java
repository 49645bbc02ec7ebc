package io.jiio.cli;

import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.Channel;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code jiio info}: the whole context tree with every attribute's value, laid out like
 * {@code iio_info}. One attribute that cannot be read shows its error in place of its value; the
 * listing goes on, because a broken attribute is exactly what someone running this wants to see.
 */
final class InfoCommand implements Callable<Integer> {
    static final Usage USAGE = Usage.command("info",
                    "Show the context, its devices, channels and attributes (like iio_info).")
            .describe("Lists the context's attributes, then every device with its channels and their "
                    + "attributes, and the device, buffer and debug attributes, all with values. An "
                    + "attribute that cannot be read shows ERROR: and the reason instead of a value.")
            .options(ContextOptions.OPTIONS)
            .exitCodes(ExitCodes.CONTEXT_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;

    InfoCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
    }

    @Override
    public Integer call() {
        PrintStream out = terminal.out();
        try (Context ctx = uri.open()) {
            out.println("jiio version: " + Version.jiioVersion());
            out.println("IIO context created with " + ctx.name() + " backend.");
            if (!ctx.description().isEmpty()) {
                out.println("Backend description string: " + ctx.description());
            }
            out.println("IIO context has " + ctx.attributes().size() + " attributes:");
            for (Map.Entry<String, String> a : ctx.attributes().entrySet()) {
                out.println("\t" + a.getKey() + ": " + a.getValue());
            }
            out.println("IIO context has " + ctx.devices().size() + " devices:");
            for (Device d : ctx.devices()) {
                printDevice(out, d);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void printDevice(PrintStream out, Device d) {
        List<String> traits = new ArrayList<>();
        if (d.label() != null) {
            traits.add("label: " + d.label());
        }
        if (d.isBufferCapable()) {
            traits.add("buffer capable");
        }
        if (d.isTrigger()) {
            traits.add("trigger");
        }
        out.println("\t" + d.id() + ": " + (d.name() == null ? "" : d.name())
                + (traits.isEmpty() ? "" : " (" + String.join(", ", traits) + ")"));
        out.println("\t\t" + d.channels().size() + " channels found:");
        for (Channel c : d.channels()) {
            printChannel(out, c);
        }
        printAttributes(out, d.attributes(), "device-specific attributes");
        printAttributes(out, d.bufferAttributes(), "buffer-specific attributes");
        printAttributes(out, d.debugAttributes(), "debug attributes");
        if (d.isBufferCapable() && !d.isTrigger()) {
            out.println("\t\t" + triggerLine(d));
        }
    }

    private static void printChannel(PrintStream out, Channel c) {
        List<String> traits = new ArrayList<>();
        traits.add(c.direction().xmlName());
        if (c.label() != null) {
            traits.add("label: " + c.label());
        }
        if (c.isScanElement()) {
            traits.add("index: " + c.scanIndex());
            traits.add("format: " + c.format().libiioForm()); // as iio_info shows it
        }
        out.println("\t\t\t" + c.id() + ": " + (c.name() == null ? "" : c.name())
                + " (" + String.join(", ", traits) + ")");
        if (!c.attributes().isEmpty()) {
            out.println("\t\t\t" + c.attributes().size() + " channel-specific attributes found:");
            printValues(out, c.attributes());
        }
    }

    private static void printAttributes(PrintStream out, List<Attribute> attributes, String what) {
        if (!attributes.isEmpty()) {
            out.println("\t\t" + attributes.size() + " " + what + " found:");
            printValues(out, attributes);
        }
    }

    private static void printValues(PrintStream out, List<Attribute> attributes) {
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            out.printf("\t\t\t\tattr %2d: %s %s%n", i, a.name(), valueOrError(a));
        }
    }

    /** {@code value: 1000}, or {@code ERROR: <why>} when the read fails. */
    static String valueOrError(Attribute a) {
        try {
            return "value: " + a.read();
        } catch (IioException e) {
            return "ERROR: " + e.getMessage();
        }
    }

    private static String triggerLine(Device d) {
        try {
            Optional<Device> t = d.trigger();
            return t.map(trigger -> "Current trigger: " + trigger.id() + " (" + trigger.displayName() + ")")
                    .orElse("No trigger on this device");
        } catch (IioException e) {
            return "Current trigger: ERROR: " + e.getMessage();
        }
    }
}
