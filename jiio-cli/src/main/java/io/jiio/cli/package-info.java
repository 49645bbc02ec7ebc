/**
 * The {@code jiio} command line: info, attr, read, write, record, reg, serve, scope and
 * bench, shaped like libiio's tools, with exit codes that tell whether the data was whole.
 */
package io.jiio.cli;
