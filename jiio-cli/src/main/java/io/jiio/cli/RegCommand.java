package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.util.concurrent.Callable;

/**
 * {@code jiio reg}: iio_reg. Reads or writes a device register through its
 * {@code direct_reg_access} debug attribute (write the address, read the value; write
 * "address value"), the same way on sim:, local: and ip:.
 */
final class RegCommand implements Callable<Integer> {
    static final Usage USAGE = Usage.command("reg",
                    "Read or write a device register (like iio_reg): DEVICE ADDRESS [VALUE].")
            .describe("ADDRESS and VALUE are decimal or 0x-prefixed hex; the value read is printed as 0x-hex.")
            .options(ContextOptions.OPTIONS)
            .operands(Operand.one("DEVICE", "Device id, name or label."), Operand.one("ADDRESS", "Register address."),
                    Operand.optional("VALUE", "Value to write (absent: read)."))
            .exitCodes(ExitCodes.CONTEXT_COMMAND_HELP);

    private final Terminal terminal;
    private final ContextOptions uri;
    private final String deviceName;
    private final String address;
    private final String value;

    RegCommand(Terminal terminal, Args args) {
        this.terminal = terminal;
        this.uri = new ContextOptions(args);
        this.deviceName = args.operand(0);
        this.address = args.operand(1);
        this.value = args.operand(2);
    }

    @Override
    public Integer call() {
        long addr = number(address, "ADDRESS");
        try (Context ctx = uri.open()) {
            Device d = ctx.requireDevice(deviceName);
            Attribute reg = d.attribute(AttributeKind.DEBUG, "direct_reg_access").orElseThrow(() -> new IioException(
                    Errno.ENOENT, d.displayName() + " has no direct_reg_access debug attribute: no register access"));
            if (value != null) {
                reg.write(String.format("0x%x 0x%x", addr, number(value, "VALUE")));
                return ExitCodes.OK;
            }
            reg.write(String.format("0x%x", addr));
            terminal.out().println(String.format("0x%x", Long.decode(reg.read().trim())));
            terminal.out().flush();
        }
        return ExitCodes.OK;
    }

    private static long number(String text, String what) {
        try {
            long v = Long.decode(text);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, what + " '" + text + "' is not a 32-bit number (decimal or 0x-hex)");
        }
    }
}
