package dev.dirtyvram.simulations.cli;

import dev.dirtyvram.domain.driver.Fatal;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Standard error while a command runs. An Error on one of Pekko's threads (out of memory, say) makes Pekko print
 * its dying words and a stack trace there, then stop the actor system: the run in progress sees that and the program
 * says what happened in one line. So from Pekko's "Uncaught error from thread" on, this stream passes nothing more,
 * and records the error (its message) for the one line to name.
 */
public final class FatalGuard extends FilterOutputStream {
    private static final String PEKKO_FATAL = "Uncaught error from thread [";
    private final StringBuilder line = new StringBuilder();
    private boolean swallowing;
    private boolean atLineStart = true;

    private FatalGuard(OutputStream out) {
        super(out);
    }

    /** Standard error guarded, around {@code err}. */
    public static PrintStream around(PrintStream err) {
        return new PrintStream(new FatalGuard(err), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (swallowing) {
            noteDyingWords(b);
            return;
        }
        if (atLineStart || line.length() > 0) {
            line.append((char) b);
            if (PEKKO_FATAL.startsWith(line.toString())) {
                if (line.length() == PEKKO_FATAL.length()) {
                    swallowing = true;
                    line.setLength(0);
                }
                atLineStart = false;
                return;
            }
            out.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
            line.setLength(0);
            atLineStart = b == '\n';
            return;
        }
        out.write(b);
        atLineStart = b == '\n';
    }

    /** The rest of Pekko's line names the error's message: "[thread]: Java heap space, shutting down ...". */
    private void noteDyingWords(int b) {
        if (line == null) return;
        if (b != '\n' && line.length() < 400) {
            line.append((char) b);
            return;
        }
        if (b == '\n' && line.length() > 0) {
            String said = line.toString();
            int colon = said.indexOf("]: ");
            String message = colon >= 0 ? said.substring(colon + 3) : said;
            int shutting = message.lastIndexOf(", shutting down");
            if (shutting >= 0) message = message.substring(0, shutting);
            String m = message.toLowerCase(Locale.ROOT);
            Fatal.record(m.contains("heap space") || m.contains("gc overhead") || m.contains("memory")
                    ? new OutOfMemoryError(message) : new InternalError(message));
            line.setLength(0);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    @Override
    public synchronized void flush() throws IOException {
        // Pekko's words come in one write: a start of them still held now is someone else's line.
        if (!swallowing && line.length() > 0) {
            out.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
            line.setLength(0);
        }
        out.flush();
    }
}
