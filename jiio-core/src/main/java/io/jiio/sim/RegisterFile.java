package io.jiio.sim;

import io.jiio.Errno;
import io.jiio.IioException;

/**
 * A simulated register map behind the debugfs {@code direct_reg_access} attribute, with the
 * kernel's protocol: writing {@code "ADDR"} selects a register, writing {@code "ADDR VALUE"} stores
 * a value, reading returns the selected register's value. Numbers may be decimal or 0x-hex.
 */
final class RegisterFile implements SimAttr {
    private final String what;
    private final int[] registers;
    private int selected;

    RegisterFile(String what, int count, int chipId) {
        this.what = what;
        this.registers = new int[count];
        this.registers[0] = chipId;
    }

    @Override
    public synchronized String read() {
        return "0x" + Integer.toHexString(registers[selected]).toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public synchronized void write(String value) {
        String[] parts = value.trim().split("\\s+");
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty()) {
            throw new IioException(Errno.EINVAL, what + ": expected 'ADDR' or 'ADDR VALUE', got '" + value + "'");
        }
        long address = parse(parts[0], "address");
        if (address < 0 || address >= registers.length) {
            throw new IioException(Errno.EINVAL, what + ": register address " + parts[0]
                    + " is out of range 0..0x" + Integer.toHexString(registers.length - 1));
        }
        selected = (int) address;
        if (parts.length == 2) {
            long v = parse(parts[1], "value");
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IioException(Errno.EINVAL, what + ": register value " + parts[1] + " does not fit 32 bits");
            }
            registers[selected] = (int) v;
        }
    }

    private long parse(String text, String field) {
        try {
            return text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IioException(Errno.EINVAL, what + ": register " + field + " '" + text + "' is not a number");
        }
    }
}
