package io.quiver.bench.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress bars on stderr for the runner's long steps (load, build, each sweep point).
 *
 * <p>Three modes. {@link Mode#TTY} redraws one line in place with a carriage return, at most
 * ten times a second. {@link Mode#PLAIN}, for a stderr that is a file or a pipe (CI logs),
 * never writes a carriage return: it prints a whole line at each 10% step, so a log stays
 * readable. {@link Mode#OFF} prints nothing. The launcher tells the runner which one fits
 * (only the shell can ask whether stderr itself is a terminal) through the system property
 * {@code quiver.progress} ({@code tty}, {@code plain} or {@code off}); without it the
 * runner guesses from {@link System#console()}.
 *
 * <p>A hand-made line rather than a progress-bar library: the libraries for the JVM bring a
 * terminal library (JLine) along, and what is needed here is one line and the 10% rule.
 *
 * <p>Thread-safe.
 */
public final class Progress {
  /** How bars are drawn. */
  public enum Mode {
    /** Redraw one line in place. */
    TTY,
    /** One line per 10% step, no carriage returns. */
    PLAIN,
    /** Nothing. */
    OFF
  }

  private final PrintStream out;
  private final Mode mode;

  /** Bars drawn on {@code out} in {@code mode}. */
  public Progress(PrintStream out, Mode mode) {
    this.out = out;
    this.mode = mode;
  }

  /** Bars on {@code System.err}, in the mode the {@code quiver.progress} property names or guessed. */
  public static Progress stderr() {
    String p = System.getProperty("quiver.progress", "").trim().toLowerCase(Locale.ROOT);
    Mode mode = switch (p) {
      case "tty" -> Mode.TTY;
      case "plain" -> Mode.PLAIN;
      case "off" -> Mode.OFF;
      default -> System.console() != null && System.console().isTerminal() ? Mode.TTY : Mode.PLAIN;
    };
    return new Progress(System.err, mode);
  }

  /** The mode bars are drawn in. */
  public Mode mode() {
    return mode;
  }

  /** Prints a line of information (not a bar) unless the mode is {@link Mode#OFF}. */
  public void note(String line) {
    if (mode != Mode.OFF) {
      synchronized (this) {
        out.println(line);
        out.flush();
      }
    }
  }

  /** Starts a bar of {@code total} steps (0 or less: unknown, reported when done). */
  public Bar start(String label, long total) {
    return new Bar(this, label, total);
  }

  /** One step-counting bar; close it when the work is done. Thread-safe. */
  public static final class Bar implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final Progress progress;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    // Written under this; volatile so that most steps can skip the lock after a cheap read.
    private volatile long lastDrawNanos;
    private volatile int lastDecile;
    private boolean closed; // guarded by this

    private Bar(Progress progress, String label, long total) {
      this.progress = progress;
      this.label = label;
      this.total = total;
      if (progress.mode == Mode.TTY) {
        synchronized (this) {
          draw(0);
        }
      }
    }

    /** Records one finished step. */
    public void step() {
      advance(1);
    }

    /** Records {@code n} finished steps. */
    public void advance(long n) {
      long now = done.addAndGet(n);
      switch (progress.mode) {
        case TTY -> {
          long t = System.nanoTime();
          // Check before locking: most steps need no redraw and must not contend.
          if (t - lastDrawNanos >= REDRAW_NANOS) {
            synchronized (this) {
              if (!closed && t - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = t;
                draw(now);
              }
            }
          }
        }
        case PLAIN -> {
          if (total > 0) {
            int decile = (int) Math.min(10, now * 10 / total);
            if (decile > lastDecile) {
              synchronized (this) {
                if (!closed && decile > lastDecile) {
                  lastDecile = decile;
                  progress.out.println(line(now));
                  progress.out.flush();
                }
              }
            }
          }
        }
        case OFF -> { }
      }
    }

    /** Steps recorded so far. */
    public long done() {
      return done.get();
    }

    /** Draws the final state and ends the line; further steps draw nothing. */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      long now = done.get();
      switch (progress.mode) {
        case TTY -> {
          draw(now);
          progress.out.print('\n');
        }
        case PLAIN -> {
          if (total <= 0 || lastDecile < 10) {
            progress.out.println(line(now));
          }
        }
        case OFF -> { }
      }
      progress.out.flush();
    }

    private void draw(long now) {
      progress.out.print("\r" + line(now) + "\u001b[K");
      progress.out.flush();
    }

    private String line(long now) {
      double secs = (System.nanoTime() - startNanos) / 1e9;
      StringBuilder sb = new StringBuilder(label).append(' ');
      if (total > 0) {
        double f = Math.min(1.0, (double) now / total);
        if (progress.mode == Mode.TTY) {
          int filled = (int) Math.round(f * WIDTH);
          sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        }
        sb.append(String.format(Locale.ROOT, "%3d%% %d/%d", (int) Math.floor(f * 100), now, total));
      } else {
        sb.append(now);
      }
      return sb.append(String.format(Locale.ROOT, " %.1f s", secs)).toString();
    }
  }
}
