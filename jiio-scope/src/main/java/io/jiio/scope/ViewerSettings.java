package io.jiio.scope;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one page asked to see: its own window, trigger, point budget and spectrum. Pages share the
 * capture but not these — one may zoom into a glitch while another watches the spectrum.
 *
 * <p>Why parsed leniently: the values come from a browser; anything missing or out of range falls
 * back to a default or the nearest allowed value rather than failing, and the frames say what was
 * actually used (window, FFT size), so the page can show it.
 *
 * @param run       false: the page is stopped, send it no traces or spectra (figures still)
 * @param window    scans in the trace window (clamped to what the capture can provide)
 * @param points    the most points per trace and spectrum
 * @param trigger   the trigger
 * @param fftSize   scans per FFT, a power of two
 * @param averages  spectra averaged
 */
record ViewerSettings(boolean run, int window, int points, Trigger trigger, int fftSize, int averages) {
    static final int DEFAULT_WINDOW = 2000;
    static final int DEFAULT_POINTS = 1200;
    static final int MIN_POINTS = 16;
    static final int MAX_POINTS = 8192;
    static final int DEFAULT_FFT = 4096;
    static final int DEFAULT_AVERAGES = 4;
    static final int MAX_AVERAGES = 256;

    static final ViewerSettings DEFAULT = new ViewerSettings(true, DEFAULT_WINDOW, DEFAULT_POINTS, Trigger.FREE_RUN,
            DEFAULT_FFT, DEFAULT_AVERAGES);

    ViewerSettings {
        window = Math.max(2, window);
        points = Math.clamp(points, MIN_POINTS, MAX_POINTS);
        int fft = Math.clamp(fftSize, Spectrum.MIN_SIZE, Spectrum.MAX_SIZE);
        fftSize = Integer.highestOneBit(fft);
        averages = Math.clamp(averages, 1, MAX_AVERAGES);
    }

    /** The settings a page's {@code settings} message asks for. */
    static ViewerSettings parse(JsonNode m) {
        JsonNode t = m.path("trigger");
        Trigger trigger;
        try {
            trigger = new Trigger(Trigger.Edge.parse(t.path("edge").asText("none")), t.path("channel").asInt(0),
                    t.path("level").asDouble(0), t.path("position").asDouble(0.5), t.path("normal").asBoolean(false));
        } catch (IllegalArgumentException badEdge) {
            trigger = Trigger.FREE_RUN;
        }
        JsonNode f = m.path("fft");
        return new ViewerSettings(m.path("run").asBoolean(true), m.path("window").asInt(DEFAULT_WINDOW),
                m.path("points").asInt(DEFAULT_POINTS), trigger, f.path("size").asInt(DEFAULT_FFT),
                f.path("averages").asInt(DEFAULT_AVERAGES));
    }
}
