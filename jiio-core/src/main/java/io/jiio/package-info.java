/**
 * jiio's error type: {@link io.jiio.IioException}, unchecked, carrying an {@link io.jiio.Errno}
 * with the kernel's numbers, so a failure reads the same whether it came from the simulator, a
 * kernel ioctl or a remote iiod server.
 */
package io.jiio;
