package dev.dirtyvram.domain.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The device model's refresh grid, as both drivers follow it. */
class RefreshTimerTest {
    private final RefreshTimer timer = new RefreshTimer(30);

    @Test
    void refreshesFallOnTheGridOfTheInterval() {
        assertEquals(30, timer.first());
        assertEquals(60, timer.after(30), "a refresh done on its point: the next point");
        assertEquals(60, timer.after(31));
        assertEquals(90, timer.after(89));
    }

    @Test
    void aTickOnTimeIsTheNextPointALateOneSkipsToThePointAfterNow() {
        assertEquals(60, timer.next(30, 31), "on time");
        assertEquals(60, timer.next(30, 59));
        assertEquals(90, timer.next(30, 60), "a point already reached is skipped");
        assertEquals(150, timer.next(30, 125), "more than an interval late: the first point after now");
    }
}
