package dev.dirtyvram.simulations.cli;

/** "1 run", "2 runs": counts as a reader writes them. */
public final class Plural {
    private Plural() {}

    public static String of(long n, String one) {
        return n + " " + (n == 1 ? one : one + "s");
    }
}
