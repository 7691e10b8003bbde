package dev.dirtyvram.domain.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
/**
 * A run's choice sequence on disk ({@code schedule.choices} in its run directory): the index of the candidate the
 * scheduler picked at each real choice, in order. Text: a header line, then the choices.
 */
public final class ChoiceSequence {
    public static final String FILE = "schedule.choices";
    private static final String HEADER = "dirtyvram choice sequence v1";

    private ChoiceSequence() {}

    public static void write(Path file, int[] choices) throws IOException {
        ChoiceLog log = new ChoiceLog();
        for (int c : choices) log.add(c);
        write(file, log);
    }

    /** Streams {@code choices} to {@code file}: a long run's sequence is never one string. */
    public static void write(Path file, ChoiceLog choices) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            long[] i = {0};
            long n = choices.size();
            try {
                choices.forEach(c -> {
                    try {
                        w.write(i[0] % 32 == 0 ? "\n" : " ");
                        w.write(Integer.toString(c));
                        i[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            w.write("\n");
        }
    }

    /** The choices in {@code file}; one line naming the problem when it is missing or not a choice sequence. */
    public static int[] read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("schedule.replay: cannot read " + file);
        }
        if (!text.startsWith(HEADER)) throw new IllegalArgumentException("schedule.replay: " + file + " is not a choice sequence");
        String body = text.substring(HEADER.length()).trim();
        if (body.isEmpty()) return new int[0];
        try {
            return Arrays.stream(body.split("\\s+")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule.replay: " + file + " is corrupt");
        }
    }
}
