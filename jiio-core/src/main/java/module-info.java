/**
 * jiio's API and its block engine: the device model ({@code io.jiio.model}: contexts, devices,
 * channels, attributes, scan formats), the blocks and queues that move samples without a copy
 * ({@code io.jiio.buffer}), the error type ({@code io.jiio}) and the service a backend implements
 * ({@code io.jiio.spi}), with the simulated devices of {@code sim:}, the default context.
 *
 * <p>{@link io.jiio.model.Context#open(String)} finds the backend of a URI's scheme among the
 * {@link io.jiio.spi.ContextProvider}s that modules provide (or that jars on the class path list
 * in {@code META-INF/services}): {@code io.jiio.net} brings {@code ip:}, {@code io.jiio.linux}
 * {@code local:}, {@code io.jiio.recording} {@code sigmf:}.
 *
 * <p>Native access: block memory is mmap'ed through java.lang.foreign when the application grants
 * this module native access; without it, {@code sim:} still works, with blocks from the
 * arena's allocator and no warning from the JDK.
 */
@SuppressWarnings("module") // io.jiio.recording, the target of a qualified export, is built later
module io.jiio.core {
    exports io.jiio;
    exports io.jiio.model;
    exports io.jiio.buffer;
    exports io.jiio.spi;
    // The sim: backend is reached through its URI; sigmf: replays at the rate of its sample clock.
    exports io.jiio.sim to io.jiio.recording;

    uses io.jiio.spi.ContextProvider;

    provides io.jiio.spi.ContextProvider with io.jiio.sim.SimContextProvider;
}
