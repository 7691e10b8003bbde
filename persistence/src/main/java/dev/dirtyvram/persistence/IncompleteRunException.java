package dev.dirtyvram.persistence;

/** A run stopped (killed) before it kept anything to judge: not bad input, and not a result either. */
public final class IncompleteRunException extends RuntimeException {
    public IncompleteRunException(String message) {
        super(message);
    }
}
