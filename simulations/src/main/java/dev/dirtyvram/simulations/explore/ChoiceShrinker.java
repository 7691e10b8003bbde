package dev.dirtyvram.simulations.explore;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Shrinks a failing run's choice sequence, Hypothesis-style: the shortest prefix that still fails the same way (the
 * rest then 0, the first candidate, the default order), then chunks of choices set to 0, halving the chunk; a
 * candidate is kept when it fails the same way. What is left are the choices the failure needs.
 */
public final class ChoiceShrinker {
    private ChoiceShrinker() {}

    /** The shrunk sequence (null: the run does not fail by its choices alone), its non-default choices, runs tried. */
    public record Result(int[] script, int nonDefault, int tried) {}

    public static Result shrink(int[] recorded, Predicate<int[]> fails, BooleanSupplier timeLeft) {
        int[] script = recorded;
        if (script.length == 0) return new Result(null, 0, 0);
        if (!fails.test(script)) return new Result(null, 0, 1); // not reproducible by its choices: keep the seed's
        int tried = 1;
        for (int len = 0; len < script.length && timeLeft.getAsBoolean(); len = len == 0 ? 1 : len * 2) {
            int[] prefix = Arrays.copyOf(script, len);
            tried++;
            if (fails.test(prefix)) {
                script = prefix;
                break;
            }
        }
        for (int size = Math.max(1, script.length / 2); size >= 1 && timeLeft.getAsBoolean(); size /= 2) {
            for (int from = 0; from < script.length && timeLeft.getAsBoolean(); from += size) {
                int[] zeroed = script.clone();
                boolean any = false;
                for (int i = from; i < Math.min(script.length, from + size); i++) {
                    any |= zeroed[i] != 0;
                    zeroed[i] = 0;
                }
                if (!any) continue;
                tried++;
                if (fails.test(zeroed)) script = zeroed;
            }
            if (size == 1) break;
        }
        int end = script.length;
        while (end > 0 && script[end - 1] == 0) end--; // trailing zeros are what a shorter sequence means anyway
        script = Arrays.copyOf(script, end);
        int nonDefault = (int) Arrays.stream(script).filter(c -> c != 0).count();
        return new Result(script, nonDefault, tried);
    }
}
