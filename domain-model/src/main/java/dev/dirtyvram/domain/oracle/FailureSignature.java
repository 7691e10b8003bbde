package dev.dirtyvram.domain.oracle;

import java.util.Arrays;

/**
 * A failure's signature: what the oracle found ({@link Explainer.Violation}) and why the explainer says it happened
 * ({@link Explainer.Cause}). Hunts tally runs by it, shrinking keeps it, and a cluster's members send it back as it is.
 */
public record FailureSignature(Explainer.Violation violation, Explainer.Cause cause) {
    /** "lost/stale-d-entry": as hunts print it and their outcome logs keep it. */
    public String id() {
        return violation.id + "/" + cause.id;
    }

    /** The signature {@link #id()} names. */
    public static FailureSignature parse(String id) {
        String[] parts = id.split("/", 2);
        var v = Arrays.stream(Explainer.Violation.values()).filter(x -> x.id.equals(parts[0])).findFirst();
        var c = Arrays.stream(Explainer.Cause.values()).filter(x -> parts.length == 2 && x.id.equals(parts[1])).findFirst();
        if (v.isEmpty() || c.isEmpty()) throw new IllegalArgumentException("no failure signature '" + id + "'");
        return new FailureSignature(v.get(), c.get());
    }
}
