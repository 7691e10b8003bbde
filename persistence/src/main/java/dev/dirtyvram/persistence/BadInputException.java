package dev.dirtyvram.persistence;

/** The user gave something unusable (a path, a value): one line names it, the program exits 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
