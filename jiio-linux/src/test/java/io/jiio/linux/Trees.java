package io.jiio.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated sysfs trees in a temp dir, laid out as real kernels lay them out: an AD9361
 * transceiver (ad9361-phy, cf-ad9361-lpc capture, cf-ad9361-dds-core-lpc output) and the kernel's
 * iio_dummy (iio_simple_dummy.c) with its trigger. Values are plain files ending in a newline.
 */
final class Trees {
    private Trees() {
    }

    /** One device directory under {@code root/bus/iio/devices}. */
    static final class Dev {
        final Path dir;
        final Path debug;

        Dev(Path root, String id) {
            this.dir = root.resolve("bus/iio/devices").resolve(id);
            this.debug = root.resolve("kernel/debug/iio").resolve(id);
            mkdirs(dir);
        }

        Dev file(String name, String value) {
            write(dir.resolve(name), value);
            return this;
        }

        Dev files(String value, String... names) {
            for (String n : names) {
                file(n, value);
            }
            return this;
        }

        /** A scan element in {@code scan_elements/} and, as kernels since 5.11 also do, {@code buffer0/}. */
        Dev scan(String prefix, int index, String type, boolean alsoBuffer0) {
            for (String sub : alsoBuffer0 ? new String[] {"scan_elements", "buffer0"} : new String[] {"scan_elements"}) {
                write(dir.resolve(sub).resolve(prefix + "_en"), "0");
                write(dir.resolve(sub).resolve(prefix + "_index"), Integer.toString(index));
                write(dir.resolve(sub).resolve(prefix + "_type"), type);
            }
            return this;
        }

        Dev buffer(String sub) {
            for (String[] kv : new String[][] {{"enable", "0"}, {"length", "0"}, {"watermark", "1"},
                    {"data_available", "0"}, {"length_align_bytes", "8"}}) {
                write(dir.resolve(sub).resolve(kv[0]), kv[1]);
            }
            return this;
        }

        Dev debug(String name, String value) {
            write(debug.resolve(name), value);
            return this;
        }

        Dev trigger(String current) {
            write(dir.resolve("trigger/current_trigger"), current);
            return this;
        }
    }

    static void write(Path p, String value) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ad9361-phy (iio:device0), cf-ad9361-dds-core-lpc (iio:device1), cf-ad9361-lpc (iio:device2). */
    static void ad9361(Path root) {
        Dev phy = new Dev(root, "iio:device0").file("name", "ad9361-phy").file("dev", "250:0").file("uevent", "")
                .file("calib_mode", "auto").file("calib_mode_available", "auto manual manual_tx_quad tx_quad rf_dc_offs rssi_gain_step")
                .file("dcxo_tune_coarse", "8").file("ensm_mode", "fdd").file("ensm_mode_available", "sleep wait alert fdd pinctrl pinctrl_fdd_indep")
                .file("filter_fir_config", "FIR Rx: 0,0 Tx: 0,0").file("rx_path_rates", "BBPLL:983040000 ADC:245760000 R2:122880000 R1:61440000 RF:30720000 RXSAMP:30720000")
                .file("trx_rate_governor", "nominal").file("trx_rate_governor_available", "nominal highest_osr")
                .file("xo_correction", "40000000").file("xo_correction_available", "[39992000 1 40008000]")
                // shared by every input / output voltage channel
                .file("in_voltage_rf_bandwidth", "18000000").file("in_voltage_rf_bandwidth_available", "[200000 1 56000000]")
                .file("in_voltage_sampling_frequency", "30720000").file("in_voltage_filter_fir_en", "0")
                .file("in_voltage_gain_control_mode_available", "manual fast_attack slow_attack hybrid")
                .file("in_voltage_rf_port_select_available", "A_BALANCED B_BALANCED C_BALANCED A_N A_P B_N B_P C_N C_P TX_MONITOR1 TX_MONITOR2 TX_MONITOR1_2")
                .file("in_voltage_hardwaregain_available", "[-3 1 71]")
                .file("out_voltage_rf_bandwidth", "18000000").file("out_voltage_sampling_frequency", "30720000")
                .file("out_voltage_filter_fir_en", "0").file("out_voltage_rf_port_select_available", "A B")
                // ad9361's odd one: "in_out_" — libiio turns it into an index-less input channel "out"
                .file("in_out_voltage_filter_fir_en", "0")
                .files("slow_attack", "in_voltage0_gain_control_mode", "in_voltage1_gain_control_mode")
                .files("71.000000 dB", "in_voltage0_hardwaregain", "in_voltage1_hardwaregain")
                .files("A_BALANCED", "in_voltage0_rf_port_select", "in_voltage1_rf_port_select")
                .files("112.25 dB", "in_voltage0_rssi", "in_voltage1_rssi")
                .file("in_voltage2_offset", "57").file("in_voltage2_raw", "1950").file("in_voltage2_scale", "0.305250")
                .file("in_temp0_input", "31652")
                .files("-10.000000 dB", "out_voltage0_hardwaregain", "out_voltage1_hardwaregain")
                .files("A", "out_voltage0_rf_port_select", "out_voltage1_rf_port_select")
                .files("0.00 dB", "out_voltage0_rssi", "out_voltage1_rssi")
                .file("out_voltage2_raw", "0").file("out_voltage2_scale", "1.000000")
                .file("out_voltage3_raw", "0").file("out_voltage3_scale", "1.000000")
                .file("out_altvoltage0_RX_LO_frequency", "2400000000").file("out_altvoltage0_RX_LO_external", "0")
                .file("out_altvoltage0_RX_LO_powerdown", "0").file("out_altvoltage0_RX_LO_fastlock_store", "0")
                .file("out_altvoltage1_TX_LO_frequency", "2450000000").file("out_altvoltage1_TX_LO_external", "0")
                .file("out_altvoltage1_TX_LO_powerdown", "0").file("out_altvoltage1_TX_LO_fastlock_store", "0")
                .debug("direct_reg_access", "0x0").debug("adi,frequency-division-duplex-mode-enable", "1");
        Dev dds = new Dev(root, "iio:device1").file("name", "cf-ad9361-dds-core-lpc").file("dev", "250:1")
                .file("out_voltage_sampling_frequency", "30720000")
                .buffer("buffer").buffer("buffer0")
                .debug("direct_reg_access", "0x0");
        for (int i = 0; i < 4; i++) {
            dds.scan("out_voltage" + i, i, "le:S16/16>>0", true)
                    .file("out_voltage" + i + "_calibscale", "1.000000").file("out_voltage" + i + "_calibphase", "0.000000");
        }
        String[] tones = {"TX1_I_F1", "TX1_I_F2", "TX1_Q_F1", "TX1_Q_F2"};
        for (int i = 0; i < tones.length; i++) {
            String p = "out_altvoltage" + i + "_" + tones[i] + "_";
            dds.file(p + "frequency", "9279985").file(p + "phase", "90000").file(p + "raw", "1").file(p + "scale", "0.250000");
        }
        Dev adc = new Dev(root, "iio:device2").file("name", "cf-ad9361-lpc").file("dev", "250:2")
                .file("in_voltage_sampling_frequency", "30720000")
                .buffer("buffer").buffer("buffer0")
                .debug("direct_reg_access", "0x0");
        for (int i = 0; i < 4; i++) {
            adc.scan("in_voltage" + i, i, "le:S12/16>>0", true)
                    .file("in_voltage" + i + "_calibbias", "0").file("in_voltage" + i + "_calibphase", "0.000000")
                    .file("in_voltage" + i + "_calibscale", "1.000000");
        }
    }

    /**
     * {@code stamped-adc} (iio:device0): a u32 sample and the s64 timestamp (16-byte scans), its rate
     * in {@code sampling_frequency}, as a device whose loss can be counted.
     */
    static Dev stamped(Path root, String samplingFrequency) {
        return new Dev(root, "iio:device0").file("name", "stamped-adc").file("dev", "250:0")
                .file("sampling_frequency", samplingFrequency)
                .scan("in_voltage0", 0, "le:u32/32>>0", true)
                .scan("in_timestamp", 1, "le:s64/64>>0", true)
                .buffer("buffer").buffer("buffer0");
    }

    /** iio_dummy as iio_simple_dummy.c registers it, with an sysfs trigger. */
    static void iioDummy(Path root) {
        new Dev(root, "iio:device0").file("name", "iio_dummy_part_no").file("label", "dummy-label").file("dev", "250:0")
                .file("in_voltage0_raw", "73").file("in_voltage0_offset", "3500").file("in_voltage0_scale", "0.001333")
                .file("in_voltage0_calibscale", "1").file("in_voltage_calibbias", "11")
                .file("in_voltage1-voltage2_raw", "33").file("in_voltage3-voltage4_raw", "-2")
                .file("in_voltage-voltage_scale", "0.000344")
                .file("in_accel_x_raw", "34").file("in_accel_x_calibbias", "-7").file("in_accel_x_calibscale", "0.000133")
                .file("in_sampling_frequency", "3.000000")
                .file("in_steps_input", "0").file("in_steps_en", "0").file("in_steps_calibheight", "0")
                .file("in_activity_walking_input", "0").file("in_activity_running_input", "0")
                .file("out_voltage0_raw", "0")
                .scan("in_voltage0", 0, "le:u13/16>>0", true)
                .scan("in_voltage1-voltage2", 1, "le:s12/16>>0", true)
                .scan("in_voltage3-voltage4", 2, "le:s11/16>>0", true)
                .scan("in_accel_x", 3, "le:s16/16>>0", true)
                .scan("in_timestamp", 4, "le:s64/64>>0", true)
                .buffer("buffer").buffer("buffer0")
                .trigger("")
                .debug("direct_reg_access", "0x0");
        new Dev(root, "trigger0").file("name", "sysfstrig1").file("trigger_now", "0");
    }
}
