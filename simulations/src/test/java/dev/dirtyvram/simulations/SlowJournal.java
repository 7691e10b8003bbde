package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;
/** The embedded LevelDB journal, {@code delay} slower per write: a slow disk. */
public final class SlowJournal extends LeveldbJournal {
    private final long delayMs;

    public SlowJournal(Config cfg) {
        super(cfg);
        delayMs = cfg.getDuration("delay").toMillis();
    }

    @Override
    public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.asyncWriteMessages(messages);
    }
}
