// The machine's shared memory, laid out once: every offset into the one shared
// WebAssembly.Memory comes from here, for the AssemblyScript hart and the TypeScript host alike.
//
// This file is compiled by both compilers, so it holds only `export const NAME = <integer
// expression>;` lines (no types, no functions). The wasm re-exports the values it was built
// with and memory-map.test.ts checks that both sides agree.
//
//   0x0000_0000  wasm static data (AssemblyScript's own constants; the hart allocates nothing)
//   0x0001_0000  machine header
//   0x0001_8000  decode table (32768 x u8: an instruction's opcode fields -> its handler)
//   0x0002_0000  compressed-instruction expansion table (65536 x u32, built once at boot)
//   0x0006_0000  hart blocks (register file, trap record, reservation, TLBs), MAX_HARTS of them
//   0x0046_0000  TTY buffers, one pair of byte rings per kernel (Popcorn's vty)
//   0x0056_0000  machine control: doorbells (the IPIs), the epoch barrier, pacing, telemetry,
//                commands from the page, message counts
//   0x0058_0000  trace rings, one per kernel
//   0x0098_0000  view boards, one per kernel: threads, registers, VMAs and pages for the page
//   0x00f8_0000  invariant boards (with a protocol fault on): the kernels' page copies, what broke
//   RAM_OFFSET   guest physical memory: guest physical address 0 lives here

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
export const WASM_PAGE_SIZE = 65536;

// ---- wasm static data: [0, STATIC_DATA_END) belongs to the compiled module ----
export const STATIC_DATA_END = 0x10000;

// ---- machine header: written by the host when it creates the memory ----
export const HEADER_OFFSET = 0x10000;
export const HEADER_SIZE = 0x8000;
export const HDR_MAGIC = 0; // u32: MACHINE_MAGIC once the memory is initialised
export const HDR_LAYOUT_VERSION = 4; // u32: MEMORY_LAYOUT_VERSION
export const HDR_RAM_SIZE = 8; // u64: bytes of guest physical memory
export const HDR_HART_COUNT = 16; // u32: harts present
export const HDR_TABLES_READY = 20; // u32: 1 once the expansion and decode tables are built
export const HDR_FENCE_WORD = 24; // u32: target of the atomic RMW that implements FENCE
export const MACHINE_MAGIC = 0x50435031; // "PCP1"
export const MEMORY_LAYOUT_VERSION = 1;

// ---- decode table: entry k = the handler (numbered by the generated decoder) of every 32-bit
// instruction whose fields opcode[6:2], funct3 and funct7 make key k, or a mark that those fields
// alone do not decide it (the decoder's tree then does); scripts/gen-decoder.ts says more ----
export const DECODE_TABLE_OFFSET = 0x18000;
export const DECODE_TABLE_SIZE = 0x8000;

// ---- compressed expansion table: entry h = the 32-bit instruction that 16-bit h expands to,
// or 0 when h is reserved/illegal (0 is itself an illegal 32-bit instruction) ----
export const CEXP_TABLE_OFFSET = 0x20000;
export const CEXP_TABLE_SIZE = 0x40000;

// ---- hart blocks: one per hart. The owning kernel's worker is the only writer while the hart
// is assigned to it; other workers may read (telemetry, inspector). ----
export const MAX_HARTS = 64;
export const HARTS_OFFSET = 0x60000;
export const HART_STRIDE = 0x10000;
// register file
export const HART_X = 0x000; // 32 x u64 integer registers (x0 always reads 0)
export const HART_F = 0x100; // 32 x u64 float registers (singles NaN-boxed)
export const HART_PC = 0x200; // u64
export const HART_FCSR = 0x208; // u32: frm in bits 7:5, fflags in bits 4:0
export const HART_SATP = 0x210; // u64: MODE(63:60) 0=bare 8=Sv39, PPN(43:0) of the root table
export const HART_INSTRET = 0x218; // u64: instructions retired since the hart was reset
export const HART_TIME = 0x220; // u64: value of the `time` CSR, kept by the host (virtual time)
// trap record: filled when run() stops on a trap
export const HART_TRAP_CAUSE = 0x228; // u32: RISC-V exception code
export const HART_TRAP_VALUE = 0x230; // u64: faulting address or instruction bits (stval)
export const HART_TRAP_PC = 0x238; // u64: pc of the trapping instruction (sepc)
// LR/SC reservation
export const HART_RESV_ADDR = 0x240; // u64: reserved physical address, all ones when none
export const HART_RESV_VALUE = 0x248; // u64: value loaded by the LR
export const HART_RESV_SIZE = 0x250; // u32: 4 or 8
// software TLBs, one per access kind, TLB_ENTRIES entries of TLB_ENTRY_SIZE bytes:
// u64 tag (virtual page number; all ones when empty) then u64 host offset of the page's first byte
export const HART_TLB_FETCH = 0x1000;
export const HART_TLB_LOAD = 0x5000;
export const HART_TLB_STORE = 0x9000;
export const TLB_ENTRIES = 1024;
export const TLB_ENTRY_SIZE = 16;
export const TLB_BYTES = 0x4000;

// ---- TTY buffers: per kernel, an input ring (the terminal writes, the kernel reads) and an
// output ring (the kernel writes, the terminal reads). Each ring is single-producer,
// single-consumer: head and tail are free-running u32 byte counters, data index = count % size.
export const MAX_KERNELS = 64;
export const TTY_OFFSET = HARTS_OFFSET + MAX_HARTS * HART_STRIDE;
export const TTY_STRIDE = 0x4000;
export const TTY_IN_HEAD = 0x00; // u32, written by the terminal
export const TTY_IN_TAIL = 0x04; // u32, written by the kernel
export const TTY_OUT_HEAD = 0x08; // u32, written by the kernel
export const TTY_OUT_TAIL = 0x0c; // u32, written by the terminal
export const TTY_ROWS = 0x10; // u16, written by the terminal
export const TTY_COLS = 0x12; // u16, written by the terminal
export const TTY_WINSIZE_SEQ = 0x14; // u32, bumped by the terminal after a resize
export const TTY_IN_DATA = 0x100;
export const TTY_IN_SIZE = 0x1000;
export const TTY_OUT_DATA = 0x1100;
export const TTY_OUT_SIZE = 0x2000;

// ---- machine control ----
// One doorbell per kernel (Popcorn's IPI): senders bump RING and, when IRQ is set (the kernel
// sleeps waiting for it), Atomics.notify it. One cache line each, so doorbells do not share.
export const CONTROL_OFFSET = TTY_OFFSET + MAX_KERNELS * TTY_STRIDE;
export const CONTROL_SIZE = 0x20000;
export const DOORBELL_STRIDE = 64;
export const DOORBELL_RING = 0; // i32, bumped by senders
export const DOORBELL_IRQ = 4; // i32, 1 while the kernel waits on its doorbell (interrupts on)
export const KERNEL_STATE = 8; // i32: KERNEL_DOWN, KERNEL_UP or KERNEL_DEAD, in the same line
export const KERNEL_DOWN = 0;
export const KERNEL_UP = 1;
export const KERNEL_DEAD = 2;
// i64: what the peers go by, stamped with the epoch it holds from (kernel-states.ts), so that
// every kernel sees a stop or a boot again at the same epoch, whichever worker runs it
export const KERNEL_PHASE = 16;
// The epoch barrier: kernels arrive at the end of each epoch; the last one bumps GENERATION.
export const BARRIER_OFFSET = CONTROL_OFFSET + MAX_KERNELS * DOORBELL_STRIDE;
export const BARRIER_ARRIVED = 0; // i32
export const BARRIER_GENERATION = 4; // i32: epochs completed
export const BARRIER_PARTIES = 8; // i32: kernels taking part
// Pacing and telemetry of the browser machine (engine/machine/browser/): the page raises RUN_TO
// (epochs the kernels may complete) every frame; workers wait at it, so 0 or unchanged = paused.
// Each kernel's worker publishes what its harts run after every epoch (layout in telemetry.ts).
export const PACING_OFFSET = BARRIER_OFFSET + 64;
export const PACING_RUN_TO = 0; // i32, written by the page
export const TELEMETRY_OFFSET = PACING_OFFSET + 64;
export const TELEMETRY_SIZE = 0x2000;
// What the page asks the kernels to publish on their view boards (kernel-view.ts): the process
// whose VMAs and pages it shows and the thread whose registers it shows (0: none).
export const VIEW_REQUEST_OFFSET = TELEMETRY_OFFSET + TELEMETRY_SIZE;
export const VIEW_FOCUS_PID = 0; // i32, written by the page
export const VIEW_INSPECT_TID = 4; // i32, written by the page
export const VIEW_WANT = 8; // i32, bumped by the page when it wants the focused process's pages anew
// the message the inspector shows (0 in ASK: none): its sender, receiver and sequence number
export const VIEW_MSG_FROM = 12; // i32, written by the page
export const VIEW_MSG_TO = 16; // i32, written by the page
export const VIEW_MSG_SEQ = 20; // u32, written by the page
export const VIEW_MSG_ASK = 24; // i32, 1 while the page asks for the message, written last
// Commands from the page to a kernel (a migration asked for in the UI): per kernel, a
// single-producer single-consumer ring of COMMAND_SLOTS records (command-mailbox.ts), taken by
// the kernel at its next epoch start and recorded like typing, so share links replay them; the
// kernel's answer to each (taken, or refused and why) goes back in COMMAND_ANSWERS.
export const COMMAND_OFFSET = VIEW_REQUEST_OFFSET + 64;
export const COMMAND_STRIDE = 512;
export const COMMAND_HEAD = 0; // u32, written by the page
export const COMMAND_TAIL = 4; // u32, written by the kernel
export const COMMAND_SLOTS = 7;
export const COMMAND_RECORD = 32; // u32 kind, then u32 arguments
export const COMMAND_DATA = 32;
export const COMMAND_ANSWERS = 256; // COMMAND_ANSWER_SLOTS x (i32 ticket + 1, i32 answer), written by the kernel
export const COMMAND_ANSWER_SLOTS = 16;
// Messages per type, per kernel: what its messenger counted since boot (sent by it, delivered
// to it), published after every epoch for the page's counters (telemetry.ts). A u32 pair per
// message type number below MESSAGE_TYPE_SLOTS; slot 0 counts any type beyond them.
export const MESSAGE_COUNTS_OFFSET = COMMAND_OFFSET + MAX_KERNELS * COMMAND_STRIDE;
export const MESSAGE_TYPE_SLOTS = 64;
export const MESSAGE_COUNTS_STRIDE = MESSAGE_TYPE_SLOTS * 8;

// ---- trace rings: per kernel, events for the UI and the trace files (see machine/trace) ----
export const TRACE_OFFSET = CONTROL_OFFSET + CONTROL_SIZE;
export const TRACE_STRIDE = 0x10000;

// ---- view boards: per kernel, what it publishes for the page's views after every epoch
// (layout in engine/machine/browser/kernel-view.ts) ----
export const VIEW_OFFSET = TRACE_OFFSET + MAX_KERNELS * TRACE_STRIDE;
export const VIEW_STRIDE = 0x18000;

// ---- invariant boards: only while a scenario switches a protocol fault on, each kernel's worker
// publishes after every epoch its copies of other kernels' pages (two buffers by epoch parity,
// the area shared among the machine's kernels), and the invariants it found broken for the page
// (layout in engine/machine/invariant-board.ts) ----
export const INVARIANT_OFFSET = VIEW_OFFSET + MAX_KERNELS * VIEW_STRIDE;
export const INVARIANT_BROKEN_STRIDE = 0x800;
export const INVARIANT_COPIES_OFFSET = INVARIANT_OFFSET + MAX_KERNELS * INVARIANT_BROKEN_STRIDE;
export const INVARIANT_COPIES_SIZE = 0x60000;

// ---- message rings, laid out in the messaging window at the bottom of guest RAM: one ring per
// receiving kernel, RING_HEADER bytes then a power-of-two number of MSG_SLOT bytes slots. ----
export const RING_HEADER = 128; // two cache lines: the senders' and the receiver's
export const RING_HEAD = 0; // u32: tickets taken by senders (slots reserved)
export const RING_TAIL = 64; // u32: slots consumed by the receiver (its own cache line)
export const RING_PEAK = 8; // u32: highest occupancy seen
export const RING_FULL_WAITS = 12; // u32: times a sender waited for room
export const RING_SLEEPERS = 68; // i32: senders asleep waiting for room (the receiver wakes them)
export const MSG_SLOT = 64;
export const SLOT_STAMP = 0; // u32: ticket + 1 once the slot holds that ticket's bytes
export const SLOT_TYPE = 4; // u16: message type
export const SLOT_FROM = 6; // u8: sending kernel
export const SLOT_CHUNKS = 7; // u8: slots the message spans (first slot only)
export const SLOT_SIZE = 8; // u32: payload bytes
export const SLOT_SEQ = 12; // u32: per sender-receiver sequence number
export const SLOT_SENT = 16; // f64: virtual send time, ns
export const SLOT_DELIVER = 24; // f64: virtual delivery time, ns
export const SLOT_PAYLOAD = 32; // first slot: 32 payload bytes from here
export const SLOT_CONT_PAYLOAD = 4; // continuation slots: 60 payload bytes from here

// ---- guest physical memory ----
export const RAM_OFFSET = 0x1000000;
