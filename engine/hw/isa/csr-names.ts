// The CSR names GNU objdump prints (binutils 2.40, latest privileged spec): a CSR operand is
// shown by name when objdump knows one and as hex otherwise. User programs only touch the
// floating-point CSRs and the counters, but a data word decoded as an instruction can name any,
// so the whole list is here; disasm.test.ts checks all 4096 numbers against objdump.

/** Families of numbered CSRs: [name prefix, first number, first CSR, last number, suffix]. */
const SERIES: readonly (readonly [string, number, number, number, string])[] = [
  ['hpmcounter', 3, 0xc03, 31, ''],
  ['hpmcounter', 3, 0xc83, 31, 'h'],
  ['mhpmcounter', 3, 0xb03, 31, ''],
  ['mhpmcounter', 3, 0xb83, 31, 'h'],
  ['mhpmevent', 3, 0x323, 31, ''],
  ['mhpmevent', 3, 0x723, 31, 'h'],
  ['pmpcfg', 0, 0x3a0, 15, ''],
  ['pmpaddr', 0, 0x3b0, 63, ''],
];

/** The others, as `number name` pairs. */
const SINGLE = `
  001 fflags 002 frm 003 fcsr 008 vstart 009 vxsat 00a vxrm 00f vcsr 015 seed
  100 sstatus 104 sie 105 stvec 106 scounteren 10a senvcfg 10c sstateen0 10d sstateen1
  10e sstateen2 10f sstateen3 114 sieh 140 sscratch 141 sepc 142 scause 143 stval 144 sip
  14d stimecmp 150 siselect 151 sireg 154 siph 15c stopei 15d stimecmph 180 satp
  200 vsstatus 204 vsie 205 vstvec 214 vsieh 240 vsscratch 241 vsepc 242 vscause 243 vstval
  244 vsip 24d vstimecmp 250 vsiselect 251 vsireg 254 vsiph 25c vstopei 25d vstimecmph 280 vsatp
  300 mstatus 301 misa 302 medeleg 303 mideleg 304 mie 305 mtvec 306 mcounteren 308 mvien
  309 mvip 30a menvcfg 30c mstateen0 30d mstateen1 30e mstateen2 30f mstateen3 310 mstatush
  313 midelegh 314 mieh 318 mvienh 319 mviph 31a menvcfgh 31c mstateen0h 31d mstateen1h
  31e mstateen2h 31f mstateen3h 320 mcountinhibit 340 mscratch 341 mepc 342 mcause 343 mtval
  344 mip 34a mtinst 34b mtval2 350 miselect 351 mireg 354 miph 35c mtopei 5a8 scontext
  600 hstatus 602 hedeleg 603 hideleg 604 hie 605 htimedelta 606 hcounteren 607 hgeie 608 hvien
  609 hvictl 60a henvcfg 60c hstateen0 60d hstateen1 60e hstateen2 60f hstateen3 613 hidelegh
  615 htimedeltah 618 hvienh 61a henvcfgh 61c hstateen0h 61d hstateen1h 61e hstateen2h
  61f hstateen3h 643 htval 644 hip 645 hvip 646 hviprio1 647 hviprio2 64a htinst 655 hviph
  656 hviprio1h 657 hviprio2h 680 hgatp 6a8 hcontext 747 mseccfg 757 mseccfgh 7a0 tselect
  7a1 tdata1 7a2 tdata2 7a3 tdata3 7a4 tinfo 7a5 tcontrol 7a8 mcontext 7aa mscontext 7b0 dcsr
  7b1 dpc 7b2 dscratch0 7b3 dscratch1 b00 mcycle b02 minstret b80 mcycleh b82 minstreth
  c00 cycle c01 time c02 instret c20 vl c21 vtype c22 vlenb c80 cycleh c81 timeh c82 instreth
  da0 scountovf db0 stopi e12 hgeip eb0 vstopi f11 mvendorid f12 marchid f13 mimpid f14 mhartid
  f15 mconfigptr fb0 mtopi
`;

function build(): Map<number, string> {
  const names = new Map<number, string>();
  for (const [prefix, first, csr, last, suffix] of SERIES) {
    for (let n = first; n <= last; n++) names.set(csr + n - first, `${prefix}${n}${suffix}`);
  }
  const words = SINGLE.trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i += 2) names.set(parseInt(words[i] as string, 16), words[i + 1] as string);
  return names;
}

/** CSR number -> the name objdump prints for it. */
export const CSR_NAMES: ReadonlyMap<number, string> = build();
