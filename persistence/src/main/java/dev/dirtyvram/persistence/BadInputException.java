package dev.dirtyvram.persistence;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
/** The user gave something unusable (a path, a value): one line names it, the program exits 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    /** The same, keeping what was refused underneath ({@code cause}) for a caller that can say more about it. */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Why a file operation failed, in words for that one line. */
    public static String reason(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /** The first line of what went wrong (database and storage libraries write several). */
    public static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /**
     * A password: the first line of {@code file} when one is named, else the environment variable {@code env} (null
     * when unset). Never an option's value: that would show in the process list.
     */
    public static String secret(String file, String env) {
        if (file == null || file.isBlank()) return System.getenv(env);
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new BadInputException("cannot read the password file " + file + ": " + reason(e));
        }
    }
}
