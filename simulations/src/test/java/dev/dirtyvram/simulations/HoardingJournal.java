package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import dev.dirtyvram.domain.driver.Fatal;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The embedded LevelDB journal, holding on to {@code hoard-bytes} more of memory at every write: a heap that fills as
 * the run goes on, as every run's did before runs of any length. Like a run's own state, the hoard stops growing once
 * an error has stopped the run: the journal's last writes (what the run measured) must not eat the room the program
 * holds back to say so ({@link Fatal}).
 */
public final class HoardingJournal extends LeveldbJournal {
    private final int hoardBytes;
    private final List<byte[]> hoard = new ArrayList<>();

    public HoardingJournal(Config cfg) {
        super(cfg);
        hoardBytes = cfg.getInt("hoard-bytes");
    }

    @Override
    public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
        if (Fatal.first().isEmpty()) hoard.add(new byte[hoardBytes]);
        return super.asyncWriteMessages(messages);
    }
}
