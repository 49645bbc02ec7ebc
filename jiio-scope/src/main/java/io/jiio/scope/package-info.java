/**
 * {@code jiio scope}: a browser oscilloscope served by Jetty, with traces in physical units, an
 * FFT, the context's attributes and live loss figures, fed by one capture that slow pages can
 * never slow down.
 */
package io.jiio.scope;
