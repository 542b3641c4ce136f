package io.packetlake.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageExecutorMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Peak memory of this JVM (the driver) and of Spark's executors between {@link #reset()} and a
 * reading.
 *
 * <ul>
 *   <li>Driver heap: the sum of the heap memory pools' peak usages ({@link
 *       MemoryPoolMXBean#getPeakUsage()}), an upper bound of the heap's peak.
 *   <li>Driver RSS: {@code VmHWM} of {@code /proc/self/status}, reset by writing 5 to {@code
 *       /proc/self/clear_refs}; -1 where there is no procfs.
 *   <li>Executors: the largest {@code peakExecutionMemory} of a task, and the largest {@code
 *       JVMHeapMemory} executor metric Spark reported (heartbeats and stage ends). In local mode
 *       the executor runs inside the driver JVM, so these describe the same heap as the driver's.
 * </ul>
 */
public final class PeakMemory extends SparkListener {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final AtomicLong taskPeakExecutionMemory = new AtomicLong();
  private final AtomicLong executorJvmHeap = new AtomicLong(-1);

  /** Peaks read at one moment. All in bytes, -1 when unknown. */
  public record Reading(
      long driverHeapPeak,
      long driverRssPeak,
      long taskPeakExecutionMemory,
      long executorJvmHeapPeak) {}

  public void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // No procfs, or not allowed: the RSS peak is then the process's peak since it started.
    }
    taskPeakExecutionMemory.set(0);
    executorJvmHeap.set(-1);
  }

  public Reading read() {
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heap += pool.getPeakUsage().getUsed();
      }
    }
    return new Reading(heap, rssPeak(), taskPeakExecutionMemory.get(), executorJvmHeap.get());
  }

  private static long rssPeak() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskMetrics() != null) {
      taskPeakExecutionMemory.accumulateAndGet(
          taskEnd.taskMetrics().peakExecutionMemory(), Math::max);
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (ExecutorMetrics metrics : CollectionConverters.asJava(update.executorUpdates()).values()) {
      record(metrics);
    }
  }

  @Override
  public void onStageExecutorMetrics(SparkListenerStageExecutorMetrics metrics) {
    record(metrics.executorMetrics());
  }

  private void record(ExecutorMetrics metrics) {
    executorJvmHeap.accumulateAndGet(metrics.getMetricValue("JVMHeapMemory"), Math::max);
  }
}
