package dev.dirtyvram.domain.event;

import java.util.List;

/**
 * One actor's facts of many messages, journaled as one event (format 2): a write-behind batch, encoded column by
 * column and compressed, so that a run's journal holds a few hundred large events instead of one per message.
 */
public record FactBlock(int actor, List<Fact> facts) implements Journaled {}
