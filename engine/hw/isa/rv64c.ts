// RV64C in table form: the 16-bit compressed instructions and the base instruction each one
// expands to. The expansion itself (which fields go where) is the hart's compressed.ts; these
// lines name the forms and let the tests check every form's expansion. (The disassembler prints
// compressed code as objdump does, from objdump's own forms in gnu-forms.ts.)
// Where forms overlap (c.nop inside c.addi, c.jr inside c.mv ...) the most specific line wins.

/** RV64C, quadrants 0 to 2. */
export const RV64C = [
  // quadrant 0
  'c.addi4spn 15..13=0 1..0=0 -> addi',
  'c.fld 15..13=1 1..0=0 -> fld',
  'c.lw 15..13=2 1..0=0 -> lw',
  'c.ld 15..13=3 1..0=0 -> ld',
  'c.fsd 15..13=5 1..0=0 -> fsd',
  'c.sw 15..13=6 1..0=0 -> sw',
  'c.sd 15..13=7 1..0=0 -> sd',
  // quadrant 1
  'c.nop 15..13=0 12=0 11..7=0 6..2=0 1..0=1 -> addi',
  'c.addi 15..13=0 1..0=1 -> addi',
  'c.addiw 15..13=1 1..0=1 -> addiw',
  'c.li 15..13=2 1..0=1 -> addi',
  'c.addi16sp 15..13=3 11..7=2 1..0=1 -> addi',
  'c.lui 15..13=3 1..0=1 -> lui',
  'c.srli 15..13=4 11..10=0 1..0=1 -> srli',
  'c.srai 15..13=4 11..10=1 1..0=1 -> srai',
  'c.andi 15..13=4 11..10=2 1..0=1 -> andi',
  'c.sub 15..13=4 12=0 11..10=3 6..5=0 1..0=1 -> sub',
  'c.xor 15..13=4 12=0 11..10=3 6..5=1 1..0=1 -> xor',
  'c.or 15..13=4 12=0 11..10=3 6..5=2 1..0=1 -> or',
  'c.and 15..13=4 12=0 11..10=3 6..5=3 1..0=1 -> and',
  'c.subw 15..13=4 12=1 11..10=3 6..5=0 1..0=1 -> subw',
  'c.addw 15..13=4 12=1 11..10=3 6..5=1 1..0=1 -> addw',
  'c.j 15..13=5 1..0=1 -> jal',
  'c.beqz 15..13=6 1..0=1 -> beq',
  'c.bnez 15..13=7 1..0=1 -> bne',
  // quadrant 2
  'c.slli 15..13=0 1..0=2 -> slli',
  'c.fldsp 15..13=1 1..0=2 -> fld',
  'c.lwsp 15..13=2 1..0=2 -> lw',
  'c.ldsp 15..13=3 1..0=2 -> ld',
  'c.jr 15..12=8 6..2=0 1..0=2 -> jalr',
  'c.mv 15..12=8 1..0=2 -> add',
  'c.ebreak 15..12=9 11..7=0 6..2=0 1..0=2 -> ebreak',
  'c.jalr 15..12=9 6..2=0 1..0=2 -> jalr',
  'c.add 15..12=9 1..0=2 -> add',
  'c.fsdsp 15..13=5 1..0=2 -> fsd',
  'c.swsp 15..13=6 1..0=2 -> sw',
  'c.sdsp 15..13=7 1..0=2 -> sd',
];
