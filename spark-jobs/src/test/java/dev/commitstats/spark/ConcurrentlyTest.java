package dev.commitstats.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {
  @Test
  void stepsRunSideBySideAndAFailureWaitsForTheOthers() {
    var both = new CountDownLatch(2);
    var finished = new CopyOnWriteArrayList<String>();
    Runnable slow =
        () -> {
          both.countDown();
          await(both);
          sleep(200);
          finished.add("slow");
        };
    Runnable failing =
        () -> {
          both.countDown();
          await(both); // only returns when the other step runs at the same time
          throw new IllegalArgumentException("step failed");
        };
    Runnable alsoFailing =
        () -> {
          throw new IllegalStateException("another failure");
        };

    assertThatThrownBy(() -> Concurrently.run(true, List.of(failing, slow, alsoFailing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step failed")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(finished).containsExactly("slow");
  }

  @Test
  void notTogetherRunsTheStepsInOrderOnTheCallersThread() {
    var seen = new CopyOnWriteArrayList<String>();
    Thread caller = Thread.currentThread();
    Concurrently.run(
        false,
        List.of(
            () -> seen.add("a" + (Thread.currentThread() == caller)),
            () -> seen.add("b" + (Thread.currentThread() == caller))));
    assertThat(seen).containsExactly("atrue", "btrue");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the steps did not run at the same time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
