/**
 * How a backend plugs in: a {@link io.jiio.spi.ContextProvider} registered with
 * {@link java.util.ServiceLoader} claims a URI scheme and builds the context; its
 * {@link io.jiio.spi.ContextBackend} does attribute I/O and opens buffers.
 */
package io.jiio.spi;
