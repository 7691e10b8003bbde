package dev.dirtyvram.domain.paging;

import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.memory.MachineMemory;

/** Software's view of the sl1es. {@link #shadowSetL1e} is the only writer and tells the strategy of every change. */
public final class ShadowPageTables {
    /** What a strategy wants to hear when a shadow mapping is made or cleared. */
    public interface L1eHook {
        void onShadowL1eChange(int vpn, long oldSl1e, long newSl1e);
    }

    private final MachineMemory mem;
    private final L1eHook hook;

    public ShadowPageTables(MachineMemory mem, L1eHook hook) {
        this.mem = mem;
        this.hook = hook;
    }

    /** shadow_set_l1e: store the entry and call the hooks with the word it replaced. */
    public void shadowSetL1e(int vpn, long sl1e, OpLog log) {
        long old = mem.writeSl1e(vpn, sl1e, log);
        hook.onShadowL1eChange(vpn, old, sl1e);
    }
}
