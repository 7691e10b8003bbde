package dev.dirtyvram.domain.event;

import dev.dirtyvram.domain.Serialized;
import java.util.List;
/**
 * What an actor's journal holds: since journal format 2 one {@link FactBlock} per write, each many messages' facts;
 * before it, every {@link Fact} on its own (such journals still read).
 */
public sealed interface Journaled extends Serialized permits Fact, FactBlock {
    /** Its facts in the actor's (lseq) order. */
    List<Fact> facts();
}
