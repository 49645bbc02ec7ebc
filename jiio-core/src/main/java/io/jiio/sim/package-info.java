/**
 * The {@code sim:} backend, the embedded default: a DMA-capable ADC ({@code sim-adc}) with sine,
 * square, counter, static and loopback waveforms on a sample clock that loses (and reports) what
 * no block was queued for, a DAC ({@code sim-dac}) looped back to it, and a trigger. Options are
 * given in the URI, e.g. {@code sim:sim-adc.waveform=counter,sim-adc.sampling_frequency=0}.
 */
package io.jiio.sim;
