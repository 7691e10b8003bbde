package dev.dirtyvram.actors.delivery;

/**
 * How much slower than the wall clock the run clock of a concurrent run goes: a fixed factor, or {@code auto}, which
 * starts at 1 and follows what the machine achieves (the run clock slows while VCPUs fall behind their schedule and
 * speeds up again, never past the wall clock, once they keep up).
 */
public record TimeDilation(boolean auto, double factor) {
    /** A machine this much slower than the configuration asks is no place for the run: it falls short instead. */
    public static final double MAX_FACTOR = 64;

    public static final TimeDilation AUTO = new TimeDilation(true, 1.0);

    public TimeDilation {
        if (!(factor >= 1 && factor <= MAX_FACTOR)) {
            throw new IllegalArgumentException("time.dilation must be auto or a number in [1, " + (int) MAX_FACTOR + "], got " + factor);
        }
    }

    /** {@code auto} or a number. */
    public static TimeDilation parse(String s) {
        if (s.equals("auto")) return AUTO;
        try {
            return new TimeDilation(false, Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("time.dilation must be auto or a number in [1, " + (int) MAX_FACTOR + "], got '" + s + "'");
        }
    }

    public String id() {
        return auto ? "auto" : String.valueOf(factor);
    }
}
