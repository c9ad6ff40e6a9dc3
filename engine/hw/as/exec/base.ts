// RV64I handlers: integer arithmetic, jumps and branches, loads and stores, fence, ecall, ebreak.
// Contract: see ../cpu.ts. Values are u64; signed views are taken with <i64> casts.

import { immI, immS, rd, rs1, rs2, TRAP, xr, xw, raise, immB, immJ, immU } from '../cpu';
import { fault, Mem, readSlow, writeSlow } from '../mmu';
import { CAUSE_BREAKPOINT, CAUSE_ECALL_U } from '../../trap-codes';
import { HDR_FENCE_WORD, HEADER_OFFSET } from '../../memory-map';

export function exec_lui(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), immU(insn));
  return npc;
}

export function exec_auipc(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), pc + immU(insn));
  return npc;
}

export function exec_jal(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), npc);
  return pc + immJ(insn);
}

export function exec_jalr(insn: u32, pc: u64, npc: u64): u64 {
  const target = (xr(rs1(insn)) + immI(insn)) & ~(<u64>1);
  xw(rd(insn), npc);
  return target;
}

export function exec_beq(insn: u32, pc: u64, npc: u64): u64 {
  return xr(rs1(insn)) == xr(rs2(insn)) ? pc + immB(insn) : npc;
}

export function exec_bne(insn: u32, pc: u64, npc: u64): u64 {
  return xr(rs1(insn)) != xr(rs2(insn)) ? pc + immB(insn) : npc;
}

export function exec_blt(insn: u32, pc: u64, npc: u64): u64 {
  return <i64>xr(rs1(insn)) < <i64>xr(rs2(insn)) ? pc + immB(insn) : npc;
}

export function exec_bge(insn: u32, pc: u64, npc: u64): u64 {
  return <i64>xr(rs1(insn)) >= <i64>xr(rs2(insn)) ? pc + immB(insn) : npc;
}

export function exec_bltu(insn: u32, pc: u64, npc: u64): u64 {
  return xr(rs1(insn)) < xr(rs2(insn)) ? pc + immB(insn) : npc;
}

export function exec_bgeu(insn: u32, pc: u64, npc: u64): u64 {
  return xr(rs1(insn)) >= xr(rs2(insn)) ? pc + immB(insn) : npc;
}

export function exec_lb(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 1);
  let v: u64;
  if (host != 0) v = <u64>load<u8>(host);
  else {
    v = readSlow(va, 1, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), <u64>(<i64>(<i8>v)));
  return npc;
}

export function exec_lh(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 2);
  let v: u64;
  if (host != 0) v = <u64>load<u16>(host);
  else {
    v = readSlow(va, 2, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), <u64>(<i64>(<i16>v)));
  return npc;
}

export function exec_lw(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 4);
  let v: u64;
  if (host != 0) v = <u64>load<u32>(host);
  else {
    v = readSlow(va, 4, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), <u64>(<i64>(<i32>v)));
  return npc;
}

export function exec_ld(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 8);
  let v: u64;
  if (host != 0) v = load<u64>(host);
  else {
    v = readSlow(va, 8, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), v);
  return npc;
}

export function exec_lbu(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 1);
  let v: u64;
  if (host != 0) v = <u64>load<u8>(host);
  else {
    v = readSlow(va, 1, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), v);
  return npc;
}

export function exec_lhu(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 2);
  let v: u64;
  if (host != 0) v = <u64>load<u16>(host);
  else {
    v = readSlow(va, 2, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), v);
  return npc;
}

export function exec_lwu(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immI(insn);
  const host = Mem.hostLoad(va, 4);
  let v: u64;
  if (host != 0) v = <u64>load<u32>(host);
  else {
    v = readSlow(va, 4, pc);
    if (fault) return TRAP;
  }
  xw(rd(insn), v);
  return npc;
}

export function exec_sb(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immS(insn);
  const v = xr(rs2(insn));
  const host = Mem.hostStore(va, 1);
  if (host != 0) {
    store<u8>(host, <u8>v);
    return npc;
  }
  writeSlow(va, v, 1, pc);
  return fault ? TRAP : npc;
}

export function exec_sh(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immS(insn);
  const v = xr(rs2(insn));
  const host = Mem.hostStore(va, 2);
  if (host != 0) {
    store<u16>(host, <u16>v);
    return npc;
  }
  writeSlow(va, v, 2, pc);
  return fault ? TRAP : npc;
}

export function exec_sw(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immS(insn);
  const v = xr(rs2(insn));
  const host = Mem.hostStore(va, 4);
  if (host != 0) {
    store<u32>(host, <u32>v);
    return npc;
  }
  writeSlow(va, v, 4, pc);
  return fault ? TRAP : npc;
}

export function exec_sd(insn: u32, pc: u64, npc: u64): u64 {
  const va = xr(rs1(insn)) + immS(insn);
  const v = xr(rs2(insn));
  const host = Mem.hostStore(va, 8);
  if (host != 0) {
    store<u64>(host, v);
    return npc;
  }
  writeSlow(va, v, 8, pc);
  return fault ? TRAP : npc;
}

export function exec_addi(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) + immI(insn));
  return npc;
}

export function exec_slti(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), <i64>xr(rs1(insn)) < <i64>immI(insn) ? 1 : 0);
  return npc;
}

export function exec_sltiu(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) < immI(insn) ? 1 : 0);
  return npc;
}

export function exec_xori(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) ^ immI(insn));
  return npc;
}

export function exec_ori(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) | immI(insn));
  return npc;
}

export function exec_andi(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) & immI(insn));
  return npc;
}

export function exec_slli(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) << ((insn >> 20) & 63));
  return npc;
}

export function exec_srli(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), xr(rs1(insn)) >> ((insn >> 20) & 63));
  return npc;
}

export function exec_srai(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), <u64>((<i64>xr(rs1(insn))) >> ((insn >> 20) & 63)));
  return npc;
}

export function exec_add(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a + b);
  return npc;
}

export function exec_sub(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a - b);
  return npc;
}

export function exec_sll(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a << (b & 63));
  return npc;
}

export function exec_slt(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <i64>a < <i64>b ? 1 : 0);
  return npc;
}

export function exec_sltu(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a < b ? 1 : 0);
  return npc;
}

export function exec_xor(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a ^ b);
  return npc;
}

export function exec_srl(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a >> (b & 63));
  return npc;
}

export function exec_sra(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <u64>((<i64>a) >> (b & 63)));
  return npc;
}

export function exec_or(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a | b);
  return npc;
}

export function exec_and(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), a & b);
  return npc;
}

export function exec_addiw(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), <u64>(<i64>(<i32>(<u32>xr(rs1(insn)) + <u32>immI(insn)))));
  return npc;
}

export function exec_slliw(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), <u64>(<i64>(<i32>((<u32>xr(rs1(insn))) << ((insn >> 20) & 31)))));
  return npc;
}

export function exec_srliw(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), <u64>(<i64>(<i32>((<u32>xr(rs1(insn))) >> ((insn >> 20) & 31)))));
  return npc;
}

export function exec_sraiw(insn: u32, pc: u64, npc: u64): u64 {
  xw(rd(insn), <u64>(<i64>((<i32>xr(rs1(insn))) >> ((insn >> 20) & 31))));
  return npc;
}

export function exec_addw(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <u64>(<i64>(<i32>(<u32>a + <u32>b))));
  return npc;
}

export function exec_subw(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <u64>(<i64>(<i32>(<u32>a - <u32>b))));
  return npc;
}

export function exec_sllw(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <u64>(<i64>(<i32>((<u32>a) << ((<u32>b) & 31)))));
  return npc;
}

export function exec_srlw(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <u64>(<i64>(<i32>((<u32>a) >> ((<u32>b) & 31)))));
  return npc;
}

export function exec_sraw(insn: u32, pc: u64, npc: u64): u64 {
  const a = xr(rs1(insn));
  const b = xr(rs2(insn));
  xw(rd(insn), <u64>(<i64>((<i32>a) >> ((<u32>b) & 31))));
  return npc;
}

/**
 * Orders this hart's memory accesses against other harts'. A sequentially consistent atomic
 * read-modify-write is a full fence in WebAssembly's memory model (and Binaryen rejects a bare
 * atomic.fence from AssemblyScript).
 */
export function exec_fence(insn: u32, pc: u64, npc: u64): u64 {
  atomic.add<u32>(<usize>HEADER_OFFSET + HDR_FENCE_WORD, 0);
  return npc;
}

export function exec_ecall(insn: u32, pc: u64, npc: u64): u64 {
  return raise(CAUSE_ECALL_U, 0, pc);
}

export function exec_ebreak(insn: u32, pc: u64, npc: u64): u64 {
  return raise(CAUSE_BREAKPOINT, pc, pc);
}
