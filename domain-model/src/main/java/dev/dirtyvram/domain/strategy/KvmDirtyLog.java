package dev.dirtyvram.domain.strategy;

import dev.dirtyvram.domain.config.StrategyId;
import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.Op;

/**
 * KVM's dirty log of the framebuffer's memslot ({@code virt/kvm/kvm_main.c}): a bitmap of the slot's pages, set by
 * the write fault that gives a write-protected page its write access back ({@code mark_page_dirty_in_slot}), read by
 * QEMU at each refresh in one of two ways:
 * <ul>
 * <li>{@code kvm-dirty-log}, {@code KVM_GET_DIRTY_LOG} ({@code kvm_get_dirty_log_protect}): word by word (64 pages),
 * swap the word out of the bitmap into the snapshot ({@code xchg}), then write-protect the pages it names
 * ({@code kvm_arch_mmu_enable_log_dirty_pt_masked}); flush every VCPU's TLB before returning
 * ({@code kvm_flush_remote_tlbs_memslot}). Every page is dirty in the bitmap or write-protected.</li>
 * <li>{@code kvm-clear-log}, manual protect ({@code KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2}) with
 * {@code KVM_DIRTY_LOG_INITIALLY_SET}: the bitmap starts all ones and nothing is write-protected; GET copies the
 * bitmap and neither clears nor protects; {@code KVM_CLEAR_DIRTY_LOG} ({@code kvm_clear_dirty_log_protect}) then
 * clears the bits GET returned, 64 pages a word ({@code atomic_long_fetch_andnot}), write-protects the pages whose
 * bit it cleared, and flushes.</li>
 * </ul>
 * A write fault on a page dirty logging write-protected takes {@code fast_page_fault}'s lock-free path
 * ({@link #fastFaultable}): it may come between two steps of a harvest, which is where {@code kvm.wp-before-swap} (the
 * pages protected before their word is swapped out, the order edde99ce05 fixed) loses it. A write-protect is
 * {@link LoggedMappings#writeProtect}. The flush is made under the lock, as 6dbf79e716 had it; with
 * {@code kvm.unlock-before-flush} after the lock is dropped, as KVM does today: faults then take the lock while
 * VCPUs may still write through translations of pages just protected (see {@code kvm_mmu_slot_remove_write_access}'s
 * comment). Simplified: PML and the EPT's D bits are off (dirty logging by write protection, as on AMD or with
 * {@code enable_pml=0}).
 */
public final class KvmDirtyLog extends RestartsAfterRangeChange {
    private final boolean manualProtect;
    /** The memslot's dirty_bitmap, 64 pages a word. */
    private final long[] dirtyBitmap;
    /** Pages whose write access dirty logging has taken away (every page, but kvm-clear-log's before their first clear). */
    private final long[] protects;
    private final boolean wpBeforeSwap;
    private final boolean unlockBeforeFlush;

    KvmDirtyLog(int pages, boolean manualProtect, boolean wpBeforeSwap, boolean unlockBeforeFlush) {
        this.manualProtect = manualProtect;
        this.wpBeforeSwap = wpBeforeSwap && !manualProtect;
        this.unlockBeforeFlush = unlockBeforeFlush;
        this.dirtyBitmap = DirtyVram.bitmap(pages);
        this.protects = DirtyVram.bitmap(pages);
        DirtyVram.setAll(manualProtect ? dirtyBitmap : protects, pages);
    }

    @Override
    public StrategyId id() { return manualProtect ? StrategyId.KVM_CLEAR_LOG : StrategyId.KVM_DIRTY_LOG; }

    /** The page fault on a dirty-logged page: a write marks the page and maps it writable; a read maps it read-only. */
    @Override
    public boolean grantWrite(int vcpu, int page, boolean isWrite) {
        if (!DirtyVram.isSet(protects, page)) return true; // initially set: its bit is set and it was never protected
        if (isWrite) DirtyVram.set(dirtyBitmap, page);
        return DirtyVram.isSet(dirtyBitmap, page);
    }

    /** fast_page_fault: a write to a page dirty logging write-protected is logged without the lock. */
    @Override
    public boolean fastFaultable(int page) {
        return DirtyVram.isSet(protects, page);
    }

    @Override
    protected HarvestWalk walk(HarvestContext ctx, long startLseq, boolean forceFlush) {
        return new HarvestWalk(ctx, startLseq, forceFlush) {
            private final int words = dirtyBitmap.length;
            private int word;
            /** Manual protect: GET is done and KVM_CLEAR_DIRTY_LOG is under way. */
            private boolean clearing;
            /** The pages of word {@code word - 1} still to write-protect, and the mapping of the lowest one next. */
            private long toProtect;
            private int slot;
            /** kvm.wp-before-swap: word {@code word - 1} is being protected, and swapped out after. */
            private boolean swapPending;

            /** KVM_MMU_UNLOCK, then kvm_flush_remote_tlbs_memslot (kvm.unlock-before-flush). */
            @Override
            public boolean unlocksBeforeFlush() {
                return unlockBeforeFlush;
            }

            @Override
            protected boolean advance() {
                if (toProtect != 0) {
                    writeProtectStep();
                    return true;
                }
                if (swapPending) {
                    swapPending = false;
                    take(word - 1, swap(word - 1));
                    return true;
                }
                if (word == words) {
                    if (!manualProtect || clearing) return false;
                    clearing = true;
                    word = 0;
                }
                int w = word++;
                if (clearing) {
                    long given = reported[w];
                    toProtect = read(w, given & dirtyBitmap[w]);
                    dirtyBitmap[w] &= ~given;
                    protects[w] |= toProtect;
                } else if (manualProtect) {
                    take(w, read(w, dirtyBitmap[w]));
                } else if (wpBeforeSwap) {
                    toProtect = read(w, dirtyBitmap[w]);
                    swapPending = true;
                } else {
                    toProtect = swap(w);
                    take(w, toProtect);
                }
                return true;
            }

            /** xchg of the word with 0: its bits. */
            private long swap(int w) {
                long bits = dirtyBitmap[w];
                dirtyBitmap[w] = 0;
                return read(w, bits);
            }

            private long read(int w, long bits) {
                ctx.log().record(Op.DIRTY_LOG_READ, w, bits, ctx.mem().tick());
                return bits;
            }

            /** The word's bits into the report: every page of it examined now. */
            private void take(int w, long bits) {
                reported[w] |= bits;
                long at = ctx.log().lastLseq();
                for (int p = w * 64; p < Math.min(pages, w * 64 + 64); p++) examinedLseq[p] = at;
            }

            /** One mapping of the lowest page left in the word write-protected. */
            private void writeProtectStep() {
                int page = (word - 1) * 64 + Long.numberOfTrailingZeros(toProtect);
                if (LoggedMappings.writeProtect(ctx, page, slot)) cleared = true;
                if (++slot == LoggedMappings.MAPPINGS) {
                    slot = 0;
                    toProtect &= toProtect - 1;
                }
            }
        };
    }
}
