package dev.commitstats.ingest.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a run: a bar redrawn in place on a terminal (repositories, commits, commits/s), a
 * plain log line every 15 seconds otherwise.
 */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final boolean terminal;
  private final PrintStream out;
  private final int repos;
  private final AtomicInteger reposDone = new AtomicInteger();
  private final AtomicLong commitsPlanned = new AtomicLong();
  private final AtomicLong commitsDone = new AtomicLong();
  private final long start = System.nanoTime();
  private final ScheduledExecutorService ticker;

  public Progress(int repos, boolean terminal, PrintStream out) {
    this.repos = repos;
    this.terminal = terminal;
    this.out = out;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "progress");
              t.setDaemon(true);
              return t;
            });
    long periodMs = terminal ? 250 : 15_000;
    if (out != null) {
      ticker.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
  }

  /** A progress that draws nothing and logs nothing (tests, benchmarks). */
  public static Progress silent() {
    return new Progress(0, false, null);
  }

  void planned(long commits) {
    commitsPlanned.addAndGet(commits);
  }

  void analyzed(long commits) {
    commitsDone.addAndGet(commits);
  }

  void repoDone() {
    reposDone.incrementAndGet();
  }

  private String line() {
    double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
    long done = commitsDone.get();
    long planned = Math.max(commitsPlanned.get(), done);
    int width = 24;
    int filled = planned == 0 ? 0 : (int) (width * done / planned);
    return String.format(
        Locale.ROOT,
        "[%s%s] repos %d/%d  commits %,d/%,d  %,.0f commits/s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        reposDone.get(),
        repos,
        done,
        planned,
        done / seconds);
  }

  /** Whether the bar is on the screen now, so that other output must clear it first. */
  private boolean barShown;

  private void tick() {
    if (out == null) {
      return;
    }
    if (terminal) {
      synchronized (this) {
        out.print("\r" + line() + CLEAR_TO_END);
        out.flush();
        barShown = true;
      }
    } else {
      LOG.info("progress: {}", line());
    }
  }

  private static final String CLEAR_TO_END = "\033[K";

  /**
   * A stream for everything else written to the terminal (log lines): it clears the bar before
   * writing, and the next tick draws the bar again below.
   */
  public PrintStream sharing(PrintStream terminalStream) {
    if (!terminal || out == null) {
      return terminalStream;
    }
    return new PrintStream(terminalStream, true) {
      @Override
      public void write(byte[] buf, int off, int len) {
        synchronized (Progress.this) {
          clearBar();
          super.write(buf, off, len);
        }
      }

      @Override
      public void write(int b) {
        synchronized (Progress.this) {
          clearBar();
          super.write(b);
        }
      }
    };
  }

  private void clearBar() {
    if (barShown) {
      out.print("\r" + CLEAR_TO_END);
      barShown = false;
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (terminal && out != null) {
      synchronized (this) {
        out.print("\r" + line() + CLEAR_TO_END + "\n");
        out.flush();
        barShown = false;
      }
    }
  }
}
