package io.jiio.cli;

import io.jiio.Errno;
import io.jiio.IioException;
import io.jiio.model.Attribute;
import io.jiio.model.AttributeKind;
import io.jiio.model.Context;
import io.jiio.model.Device;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jiio reg}: iio_reg. Reads or writes a device register through its
 * {@code direct_reg_access} debug attribute (write the address, read the value; write
 * "address value"), the same way on sim:, local: and ip:.
 */
@Command(name = "reg", sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.ERROR_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.CONTEXT_TIMEOUT_HELP},
        description = {"Read or write a device register (like iio_reg): DEVICE ADDRESS [VALUE].",
                "ADDRESS and VALUE are decimal or 0x-prefixed hex; the value read is printed as 0x-hex."})
final class RegCommand implements Callable<Integer> {
    @ParentCommand
    private Jiio jiio;

    @Mixin
    private ContextOptions uri;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "Device id, name or label.")
    private String deviceName;

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "Register address.")
    private String address;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "Value to write (absent: read).")
    private String value;

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
            jiio.terminal().out().println(String.format("0x%x", Long.decode(reg.read().trim())));
            jiio.terminal().out().flush();
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
