/**
 * An iiod server for any context ({@link io.jiio.net.IiodServer}, {@code jiio serve}): libiio's
 * text protocol and the 1.x binary protocol, shared captures that let several readers use one
 * device buffer, and limits (clients, memory, timeouts) that keep one client from locking out
 * the others.
 */
package io.jiio.net;
