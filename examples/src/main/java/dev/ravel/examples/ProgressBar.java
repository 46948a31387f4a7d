package dev.ravel.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A per-epoch progress bar with rate, running loss and ETA, redrawn in place on a terminal; on a
 * pipe or a file (CI, IDE consoles) it prints plain lines at every tenth of the epoch instead.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int lastTenth = -1;

    ProgressBar(String label, int total) {
        this(label, total, System.out, isTerminal());
    }

    ProgressBar(String label, int total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.terminal = terminal;
    }

    static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Reports that {@code done} of the total steps are finished, with the running mean loss. */
    void update(int done, double loss) {
        double sec = (System.nanoTime() - start) / 1e9;
        double rate = done / Math.max(sec, 1e-9);
        double eta = (total - done) / Math.max(rate, 1e-9);
        String stats = String.format(Locale.ROOT, "%d/%d loss %.4f %.0f it/s ETA %s", done, total, loss, rate, time(eta));
        if (terminal) {
            int filled = (int) ((long) WIDTH * done / total);
            String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
            out.print("\r" + label + " [" + bar + "] " + stats + "   ");
            if (done >= total) {
                out.println();
            }
            out.flush();
        } else {
            int tenth = (int) (10L * done / total);
            if (tenth != lastTenth && (tenth > lastTenth)) {
                lastTenth = tenth;
                out.println(label + " " + stats);
            }
        }
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
