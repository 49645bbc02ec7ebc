/**
 * {@code jiio bench}: capture, network, block-cycle and recording measurements, each against a
 * baseline measured in the same run (a plain memory read, raw loopback TCP, iio_readdev, fio,
 * ArrayBlockingQueue and the LMAX Disruptor), and the targets judged on those ratios. The JMH
 * module runs the same workloads.
 */
package io.jiio.cli.bench;
