package dev.dirtyvram.simulations.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** What long work (a sweep, a hunt) was asked to do, kept in its directory as one JSON object for --resume to read. */
public final class PlanFile {
    private PlanFile() {}

    public static void write(Path dir, String file, Map<String, Object> plan) throws IOException {
        Files.writeString(dir.resolve(file), Json.object(plan) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The plan {@code file} of {@code dir}, made into a {@code T} by {@code from}; a missing or damaged plan is one line
     * naming the {@code kind} of work that should be there.
     */
    public static <T> T read(Path dir, String file, String kind, Function<Config, T> from) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new BadInputException("--resume " + dir + ": no " + kind + " there (no " + file + "; a " + kind + " made before this release cannot be resumed)");
        }
        try {
            return from.apply(ConfigFactory.parseFile(p.toFile()));
        } catch (ConfigException e) {
            throw new BadInputException("--resume " + dir + ": " + file + " is damaged: " + e.getMessage());
        }
    }
}
