// The BusyBox applets a course uses, as small ash scripts with outputs that do not depend on the
// machine (no dates, pids, host names or sizes of the host's files): what the BusyBox tests run
// under qemu-riscv64 and on the kernel (busybox.test.ts), and on every preset of the machine
// (protocols/ssi/busybox-presets.test.ts). Each script runs in an empty directory of its own.
// clear is not here: /bin/clear is the playground's own, which also clears the scrollback as
// ncurses' clear does (BusyBox 1.35's writes only ESC [H ESC [J); kernels/shell.test.ts has it.

export interface CourseScript {
  /** The applets it runs, by name, separated by spaces. */
  name: string;
  script: string;
  stdin?: string;
}

export const COURSE: CourseScript[] = [
  { name: 'echo printf', script: `echo hello world; echo -n no-newline; echo; printf '%s-%d|%5.2f\\n' a 5 3.14159` },
  {
    name: 'seq cat wc head tail',
    script: 'seq 1 20 > n; cat n | wc -l; head -3 n; tail -n 2 n; wc n; head -c 5 n | wc -c',
  },
  {
    name: 'grep egrep fgrep',
    script: `printf 'apple\\nbanana\\ncherry\\n' > f; grep an f; grep -c a f; grep -v a f; grep -n -E 'a(n|p)' f; egrep '^c' f; fgrep -i APP f; grep -q zz f; echo $?`,
  },
  { name: 'sed', script: `printf 'one two\\nthree\\nfour\\n' | sed 's/o/0/g; 2d'; printf 'a\\nb\\n' | sed -n '$p'` },
  {
    name: 'awk',
    script: `printf '3 x\\n1 y\\n2 z\\n' | awk '{ s += $1; print $2, $1 * 2 } END { print "sum", s, NR }'; echo a:b:c | awk -F: '{ print $NF, length($0) }'`,
  },
  {
    name: 'sort uniq',
    script: `printf 'b\\na\\nb\\nc\\na\\n' | sort | uniq -c; printf '10\\n9\\n100\\n' | sort -n; printf 'b 2\\na 1\\nc 3\\n' | sort -k2 -r; printf 'x\\nx\\ny\\n' | uniq -d`,
  },
  { name: 'mkfifo', script: 'mkfifo p && { echo through-a-fifo > p & cat p; wait; }; test -p p && echo is-a-fifo' },
  {
    name: 'mkdir touch find xargs',
    script:
      'mkdir -p d/e; touch d/a d/e/b; find d | sort; find d -type f | sort | xargs echo files:; find d -name b; seq 5 | xargs -n 2 echo',
  },
  {
    name: 'cut tr rev tac nl paste fold expand',
    script: `echo a:b:c | cut -d: -f2; echo hello | tr a-z A-Z; echo abc | rev; seq 3 | tac; seq 3 | nl; seq 4 | paste - -; echo abcdefgh | fold -w 3; printf 'a\\tb\\n' | expand -t 4`,
  },
  { name: 'ls', script: 'mkdir x; touch x/b x/a x/.h; ls x; ls -1 x; ls -a x; ls -d x' },
  {
    name: 'cp mv rm rmdir ln readlink basename dirname realpath',
    script:
      'mkdir a; echo hi > a/f; cp a/f a/g; mv a/g a/h; ls a; ln -s f a/l; readlink a/l; cat a/l; rm a/f a/l; ls a; rm a/h; rmdir a; ls; basename /x/y.c .c; dirname /x/y.c; mkdir r; cd r; realpath .. | grep -c /',
  },
  {
    name: 'test [ expr true false',
    script:
      'expr 3 + 4; expr 7 / 2; test 3 -gt 2 && echo yes; [ -d / ] && echo dir; [ -f /nonexistent ] || echo missing; false; echo $?; true; echo $?',
  },
  {
    name: 'md5sum sha256sum cksum od xxd hexdump',
    script: `printf 'abc' | md5sum; printf 'abc' | sha256sum; printf 'abc' | cksum; printf 'abc\\n' | od -c; printf 'abc' | xxd; printf 'ab' | hexdump -C`,
  },
  {
    name: 'diff cmp',
    script: `printf 'a\\nb\\n' > 1; printf 'a\\nc\\n' > 2; diff 1 2 | tail -n +3; cmp 1 2; echo $?; cmp 1 1; echo $?`,
  },
  {
    name: 'gzip gunzip zcat tar',
    script:
      'echo data > g; gzip g; ls; zcat g.gz; gunzip g.gz; cat g; mkdir t; echo x > t/y; tar cf t.tar t; tar tf t.tar',
  },
  { name: 'env printenv tee', script: 'X=1 env | grep ^X=; Y=2 printenv Y; echo t | tee tfile; cat tfile' },
  { name: 'sleep timeout kill', script: 'sleep 0.1; timeout 1 sleep 5; echo $?; sleep 5 & kill $!; wait $!; echo $?' },
  {
    name: 'uname stat truncate dd',
    script: 'uname -sm; truncate -s 10 z; stat -c "%s %F" z; dd if=/dev/zero bs=4 count=2 2>/dev/null | wc -c',
  },
  {
    name: 'factor bc dc shuf',
    script: `factor 84; echo '2^10' | bc; echo '3 4 + p' | dc; seq 5 | shuf | sort | tr '\\n' ' '; echo`,
  },
  // not on a terminal, less and more copy their input
  { name: 'less more', script: 'seq 3 | less; seq 2 | more' },
  {
    name: 'seq grep sort head false true',
    script: 'seq 100 | grep 7 | sort -r | head -n 3; seq 1000 | head -n 1; echo rc=$?; false | true; echo rc=$?',
  },
  { name: 'wc', script: 'wc -l; echo done', stdin: 'one\ntwo\n' },
];
