/*
 * compressed: the C extension written out as explicit c.* instructions (RV64C integer forms;
 * the floating-point ones, c.fld c.fsd c.fldsp c.fsdsp, are in fp-loadstore.c).
 * c.li c.lui c.addi c.addiw c.addi16sp c.addi4spn c.slli c.srli c.srai c.andi c.mv c.add
 * c.sub c.xor c.or c.and c.subw c.addw c.lw c.ld c.sw c.sd c.lwsp c.ldsp c.swsp c.sdsp c.j
 * c.jr c.jalr c.beqz c.bnez c.nop. Each result goes to a table with the value the spec says;
 * at the end every result is printed, each mismatch is followed by "want" and the expected
 * value, and the exit status is the number of mismatches.
 */
#include "bare.h"

  BARE_ASM_RUNTIME

/* Records \reg as the next result and \want as what it must be. Uses s1 (results cursor). */
.macro RESULT reg, want
  sd \reg, 0(s1)
  addi s1, s1, 8
  .pushsection .rodata.expected, "a", @progbits
  .dword \want
  .popsection
.endm

  .pushsection .rodata.expected, "a", @progbits
  .balign 8
expected:
  .popsection

  .bss
  .balign 8
results:
  .skip 8 * 128
scratch:
  .skip 64

  .data
  .balign 8
words:
  .word 0x89abcdef, 0x01234567
  .dword 0xfedcba9876543210

  .text
  .globl _start
_start:
  .option push
  .option norelax
  lla gp, __global_pointer$ /* the linker relaxes other lla's to gp-relative addi */
  .option pop
  lla s1, results

  /* constants */
  c.li a0, 31
  RESULT a0, 31
  c.li a0, -32
  RESULT a0, -32
  c.lui a1, 1
  RESULT a1, 0x1000
  c.lui a1, 0x1f
  RESULT a1, 0x1f000
  c.lui a1, 0xfffe0
  RESULT a1, 0xfffffffffffe0000

  /* immediates */
  c.li a0, 5
  c.addi a0, -6
  RESULT a0, -1
  c.addi a0, 31
  RESULT a0, 30
  li a2, 0x7fffffff
  c.addiw a2, 1
  RESULT a2, 0xffffffff80000000
  li a2, 0x1ffffffff
  c.addiw a2, 0
  RESULT a2, -1
  c.li a3, 1
  c.slli a3, 63
  RESULT a3, 0x8000000000000000
  c.srai a3, 31
  RESULT a3, 0xffffffff00000000
  c.srli a3, 60
  RESULT a3, 0xf
  c.li a4, -1
  c.srli a4, 1
  RESULT a4, 0x7fffffffffffffff
  c.andi a4, -16
  RESULT a4, 0x7ffffffffffffff0
  c.andi a4, 21
  RESULT a4, 0x10

  /* stack-pointer forms */
  mv s0, sp
  c.addi16sp sp, -64
  sub a0, s0, sp
  RESULT a0, 64
  c.addi4spn a2, sp, 16
  sub a2, a2, sp
  RESULT a2, 16
  li a0, 0x1122334455667788
  c.sdsp a0, 8(sp)
  c.sdsp a0, 16(sp)
  c.swsp a0, 20(sp) /* replaces the upper half of 16(sp) */
  c.ldsp a5, 8(sp)
  RESULT a5, 0x1122334455667788
  c.lwsp a5, 20(sp)
  RESULT a5, 0x55667788
  c.lwsp a5, 12(sp)
  RESULT a5, 0x11223344
  c.ldsp a5, 16(sp)
  RESULT a5, 0x5566778855667788
  c.addi16sp sp, 64
  sub a0, s0, sp
  RESULT a0, 0

  /* register-register */
  li a0, 0x0f0f0f0f0f0f0f0f
  li a1, 0x00ff00ff00ff00ff
  c.mv a2, a0
  c.add a2, a1
  RESULT a2, 0x100e100e100e100e
  c.mv a2, a0
  c.sub a2, a1
  RESULT a2, 0x0e100e100e100e10
  c.mv a2, a0
  c.xor a2, a1
  RESULT a2, 0x0ff00ff00ff00ff0
  c.mv a2, a0
  c.or a2, a1
  RESULT a2, 0x0fff0fff0fff0fff
  c.mv a2, a0
  c.and a2, a1
  RESULT a2, 0x000f000f000f000f
  li a3, 0x7fffffff
  li a4, 1
  c.mv a5, a3
  c.addw a5, a4
  RESULT a5, 0xffffffff80000000
  c.mv a5, a4
  c.subw a5, a3
  RESULT a5, 0xffffffff80000002
  li s0, 0x100000000
  c.subw s0, a4
  RESULT s0, -1

  /* loads and stores through a compressible base register */
  lla a4, words
  c.lw a0, 0(a4)
  RESULT a0, 0xffffffff89abcdef
  c.lw a0, 4(a4)
  RESULT a0, 0x01234567
  c.ld a0, 0(a4)
  RESULT a0, 0x0123456789abcdef
  c.ld a0, 8(a4)
  RESULT a0, 0xfedcba9876543210
  lla a5, scratch
  c.sd a0, 8(a5)
  c.sw a0, 16(a5)
  c.ld a1, 8(a5)
  RESULT a1, 0xfedcba9876543210
  c.ld a1, 16(a5)
  RESULT a1, 0x76543210

  /* control flow */
  li a0, 1
  c.j 1f
  li a0, 0
1:
  RESULT a0, 1
  li a2, 0
  li a0, 1
  c.beqz a2, 1f
  li a0, 0
1:
  RESULT a0, 1
  li a0, 2
  c.bnez a2, 1f
  li a0, 3
1:
  RESULT a0, 3
  li a2, -5
  c.bnez a2, 1f
  li a0, 4
1:
  RESULT a0, 3
  c.beqz a2, 1f
  li a0, 5
1:
  RESULT a0, 5
  lla a5, 1f
  li a0, 6
  c.jr a5
  li a0, 7
1:
  RESULT a0, 6
  lla a5, 2f
  c.jalr a5
1:
  j 3f
2:
  lla a0, 1b
  sub a0, ra, a0
  RESULT a0, 0
  c.jr ra        /* back to 1b, which jumps to 3f */
3:
  c.nop
  RESULT zero, 0

  /* report: print each result; after a mismatch print "want" and the expected value */
  lla s2, results
  lla s3, expected
  li s4, 0 /* mismatches */
4:
  bgeu s2, s1, 6f
  ld a0, 0(s2)
  call bare_put_hex_line
  ld a0, 0(s2)
  ld s5, 0(s3)
  beq a0, s5, 5f
  addi s4, s4, 1
  li a0, 1
  lla a1, want_label
  li a2, 5
  li a7, SYS_WRITE
  ecall
  mv a0, s5
  call bare_put_hex_line
5:
  addi s2, s2, 8
  addi s3, s3, 8
  j 4b
6:
  mv a0, s4
  call bare_put_hex_line
  mv a0, s4
  j bare_exit

  .section .rodata
want_label:
  .ascii "want "
