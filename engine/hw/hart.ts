// The host's handle on one hart: its register file, trap record and TLB in the hart block,
// and run() into the wasm interpreter. Kernels switch threads by saving and loading the
// register file through this class; nothing here runs guest code itself.

import type { HartExports } from './hart-module';
import {
  HART_F,
  HART_FCSR,
  HART_INSTRET,
  HART_PC,
  HART_RESV_ADDR,
  HART_SATP,
  HART_STRIDE,
  HART_TIME,
  HART_TRAP_CAUSE,
  HART_TRAP_PC,
  HART_TRAP_VALUE,
  HART_X,
  HARTS_OFFSET,
  MAX_HARTS,
} from './memory-map';

export interface TrapRecord {
  cause: number;
  value: bigint;
  pc: bigint;
}

/** Everything a thread needs saved to leave a hart and resume later, on any hart. */
export interface RegisterFile {
  x: bigint[]; // 32 entries; x[0] is 0
  f: bigint[]; // 32 raw 64-bit patterns
  pc: bigint;
  fcsr: number;
}

export class Hart {
  readonly base: number;
  private readonly view: DataView;

  constructor(
    readonly id: number,
    memory: WebAssembly.Memory,
    private readonly wasm: HartExports,
  ) {
    if (!Number.isInteger(id) || id < 0 || id >= MAX_HARTS) throw new RangeError(`no hart ${id}`);
    this.base = HARTS_OFFSET + id * HART_STRIDE;
    this.view = new DataView(memory.buffer);
  }

  /** Runs at most `budget` instructions; returns STOP_BUDGET or the trap's exception code. */
  run(budget: number): number {
    return this.wasm.run(this.id, budget);
  }

  getX(i: number): bigint {
    return this.view.getBigUint64(this.base + HART_X + i * 8, true);
  }
  setX(i: number, v: bigint): void {
    if (i !== 0) this.view.setBigUint64(this.base + HART_X + i * 8, BigInt.asUintN(64, v), true);
  }
  getF(i: number): bigint {
    return this.view.getBigUint64(this.base + HART_F + i * 8, true);
  }
  setF(i: number, v: bigint): void {
    this.view.setBigUint64(this.base + HART_F + i * 8, BigInt.asUintN(64, v), true);
  }

  get pc(): bigint {
    return this.view.getBigUint64(this.base + HART_PC, true);
  }
  set pc(v: bigint) {
    this.view.setBigUint64(this.base + HART_PC, BigInt.asUintN(64, v), true);
  }
  get fcsr(): number {
    return this.view.getUint32(this.base + HART_FCSR, true);
  }
  set fcsr(v: number) {
    this.view.setUint32(this.base + HART_FCSR, v & 0xff, true);
  }
  get instret(): bigint {
    return this.view.getBigUint64(this.base + HART_INSTRET, true);
  }
  get time(): bigint {
    return this.view.getBigUint64(this.base + HART_TIME, true);
  }
  set time(v: bigint) {
    this.view.setBigUint64(this.base + HART_TIME, v, true);
  }
  get satp(): bigint {
    return this.view.getBigUint64(this.base + HART_SATP, true);
  }
  /** Switches address space: sets satp and empties the TLBs. */
  set satp(v: bigint) {
    this.view.setBigUint64(this.base + HART_SATP, v, true);
    this.flushTlb();
  }

  flushTlb(): void {
    this.wasm.flushTlb(this.id);
  }

  /** Drops any LR reservation (a context switch must, or an SC could pair with another thread's LR). */
  clearReservation(): void {
    this.view.setBigUint64(this.base + HART_RESV_ADDR, 0xffffffffffffffffn, true);
  }

  get trap(): TrapRecord {
    return {
      cause: this.view.getUint32(this.base + HART_TRAP_CAUSE, true),
      value: this.view.getBigUint64(this.base + HART_TRAP_VALUE, true),
      pc: this.view.getBigUint64(this.base + HART_TRAP_PC, true),
    };
  }

  saveRegisters(): RegisterFile {
    const x: bigint[] = [];
    const f: bigint[] = [];
    for (let i = 0; i < 32; i++) {
      x.push(this.getX(i));
      f.push(this.getF(i));
    }
    return { x, f, pc: this.pc, fcsr: this.fcsr };
  }

  loadRegisters(regs: RegisterFile): void {
    for (let i = 0; i < 32; i++) {
      this.setX(i, regs.x[i] ?? 0n);
      this.setF(i, regs.f[i] ?? 0n);
    }
    this.pc = regs.pc;
    this.fcsr = regs.fcsr;
    this.clearReservation();
  }
}
