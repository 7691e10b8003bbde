package dev.dirtyvram.persistence;

/** A journal write failed or was rejected mid-run: the run stops, and its directory is marked failed. */
public final class JournalFailedException extends RuntimeException {
    public JournalFailedException(String message) {
        super(message);
    }
}
