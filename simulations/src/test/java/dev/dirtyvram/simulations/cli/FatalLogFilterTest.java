package dev.dirtyvram.simulations.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import dev.dirtyvram.domain.driver.Fatal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FatalLogFilterTest {
    private final Logger lars = (Logger) LoggerFactory.getLogger("org.apache.pekko.actor.ActorSystemImpl");

    @AfterEach
    void clear() {
        Fatal.clear();
    }

    private FilterReply decide(Throwable thrown) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), lars, Level.ERROR, "exception on LARS’ timer thread", thrown, null);
        return new FatalLogFilter().decide(event);
    }

    /** The clean-clone CI saw this line and its OutOfMemoryError before the run's own one line. */
    @Test
    void anOutOfMemoryErrorLoggedByTheSchedulerIsNotShownButRecorded() {
        Fatal.clear();
        assertEquals(FilterReply.DENY, decide(new OutOfMemoryError("Java heap space")));
        Throwable recorded = Fatal.first().orElseThrow();
        assertInstanceOf(OutOfMemoryError.class, recorded);
        assertEquals("Java heap space", recorded.getMessage());
    }

    @Test
    void anOrdinaryExceptionLoggedStaysALogLineAndIsNoFatalError() {
        Fatal.clear();
        assertEquals(FilterReply.NEUTRAL, decide(new IllegalStateException("a journal hiccup")));
        assertEquals(FilterReply.NEUTRAL, decide(null));
        assertFalse(Fatal.first().isPresent());
    }

    @Test
    void aStackOverflowIsRecordedAsAnInternalError() {
        Fatal.clear();
        assertEquals(FilterReply.DENY, decide(new StackOverflowError()));
        assertTrue(Fatal.first().orElseThrow().getMessage().startsWith("java.lang.StackOverflowError"));
    }
}
