/**
 * The {@code ip:} backend: a client of iiod servers (libiio's or jiio's) over the text protocol or
 * the pipelined binary one, chosen by what the server offers ({@code ip:HOST,protocol=text|binary}).
 */
package io.jiio.net.client;
