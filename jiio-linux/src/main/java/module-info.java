/**
 * The {@code local:} backend: this machine's IIO devices through sysfs, their character devices and
 * the kernel's buffer ioctls (DMABUF, the block API, read()/write()), called through
 * java.lang.foreign. It exports nothing: applications open {@code Context.open("local:")} and use
 * the API of {@code io.jiio.core}; the backend is provided as a {@link io.jiio.spi.ContextProvider}.
 *
 * <p>Native access: every system call goes through java.lang.foreign, so this module needs it.
 */
module io.jiio.linux {
    requires io.jiio.core;

    provides io.jiio.spi.ContextProvider with io.jiio.linux.LocalContextProvider;
}
