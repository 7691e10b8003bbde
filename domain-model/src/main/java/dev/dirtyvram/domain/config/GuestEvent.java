package dev.dirtyvram.domain.config;

/** One scripted guest event: at {@code atNs} of guest time, do {@code kind} to pages [first, first+count). */
public record GuestEvent(long atNs, GuestEventKind kind, int first, int count, long durationNs) {}
