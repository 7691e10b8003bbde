package dev.dirtyvram.persistence;

/** The user gave something unusable (a path, a value): one line names it, the program exits 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    /** Why a file operation failed, in words for that one line. */
    public static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
