package io.jiio.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --bind ADDR} for the servers: a name or address resolved once, an unknown one a usage error. */
final class BindAddress implements ITypeConverter<InetAddress> {
    @Override
    public InetAddress convert(String value) {
        try {
            return InetAddress.getByName(value.trim());
        } catch (UnknownHostException e) {
            throw new TypeConversionException("'" + value + "' is not an address of this machine or a known host name");
        }
    }
}
