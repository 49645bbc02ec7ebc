/**
 * The {@code local:} backend: the machine's IIO devices through sysfs and their character devices,
 * with the kernel's buffer data paths (DMABUF, the block API, read()/write()) called through
 * java.lang.foreign. On the zero-copy paths the application's own dequeue collects completions,
 * as libiio does.
 */
package io.jiio.linux;
