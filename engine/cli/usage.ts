// What `popcorn --help` and `popcorn COMMAND --help` print.

export const MAIN_USAGE = `usage: popcorn COMMAND [OPTIONS] ...

  popcorn run [OPTIONS] [--] PROGRAM [ARGS...]   run a riscv64 program, as qemu-riscv64 does
  popcorn shell [OPTIONS]                        attach this terminal to a kernel's shell
  popcorn scenario FILE|LINK [OPTIONS]           run a scenario (or a playground share link) headless

  popcorn COMMAND --help    what COMMAND does and its options
  popcorn --version         the version

Exit status: the program's under 'run'; 2 for a bad command line; 1 when popcorn itself fails.
`;

export const RUN_USAGE = `usage: popcorn run [OPTIONS] [--] PROGRAM [ARGS...]

Boots a machine, runs PROGRAM on it with this terminal's stdin, stdout and stderr, and exits
with its status (128 + N when signal N killed it), as qemu-riscv64 does. PROGRAM is a program of
the guest (a name in /bin such as ls, sh, matmul; or a path such as /bin/sh) or a static riscv64
Linux executable on the host. Options end at PROGRAM (or at --): what follows is the program's.

The machine (default: one kernel with one hart and 1 GiB, the SMP baseline):
  --harts N               a kernel alone with N harts (1 to 64)
  --kernels N             N kernels with the Popcorn services, one per NUMA node; the program
                          starts on kernel 0
  --harts-per-kernel M    harts of each kernel with --kernels (default 1)
  --memory SIZE           the guest's RAM, split evenly among the kernels: MiB, or with a unit
                          (512M, 2G); default 1024 MiB (more with many kernels: 32 MiB each), at
                          most 4079 MiB (a wasm32 memory). Untouched memory costs the host nothing.
                          A kernel kills a process that wants more than 75% of its memory window;
                          popcorn then says so on stderr.
  --seed N                the kernels' random seed (AT_RANDOM, getrandom, /dev/urandom); default 1
  --migrate-every TIME    with --kernels: move the program's threads to the next kernel, round
                          robin, every TIME of virtual time; the unit is required: 250us, 2ms, 1s

Files and environment:
  The program runs in a directory of the same path as the one popcorn was started in, and every
  ARG that names a host file (by relative or absolute path), and PROGRAM when it is a host file,
  is copied into the guest at that same path, so 'popcorn run -- cat notes.txt' reads ./notes.txt.
  Directories are not copied unless mounted:
  --mount HOSTDIR[:GUESTDIR]
                          copy a host directory tree (or one file) into the guest, at GUESTDIR
                          (default: its own path); repeatable; '--mount .' gives the program the
                          whole working directory. Links to files are followed, links to
                          directories are not.
  Files are copied when the machine boots: the program sees them as they were then, what it
  writes stays in the guest, the guest's own files (/bin, /sbin…) are never replaced, and they
  must fit the guest's 64 MiB file system. --stats prints the SHA-256 of all that was copied in.
  -E, --env VAR=VALUE     set a variable in the program's environment (repeatable)
  -U, --unset VAR         remove one (repeatable); -E and -U apply in the order given
  The environment starts as PATH=/bin:/sbin HOME=/ TERM=xterm-256color LANG=C, not the host's,
  so that a run repeats on any host.

Network (kernel K is popcornK at 10.0.0.K+1 on the machine's LAN; the host is 10.0.0.254):
  --forward HOSTPORT:KERNEL:PORT
                          connections to 127.0.0.1:HOSTPORT on the host reach PORT on kernel
                          KERNEL (as ssh -L); repeatable; the run then lasts until the program
                          exits, however long the host keeps nothing to say

Output:
  --stats                 at exit, on stderr: instructions, syscalls, page faults, context
                          switches, migrations, virtual and wall time, and the files copied in
  --trace FILE            write the run's events as Chrome trace-event JSON (open in Perfetto)
  --pcap FILE             write the frames on the machine's network as a pcap file (tshark, Wireshark)
  -q, --quiet             no line at exit about migrations (printed when any happened with
                          --kernels, unless --stats says more)
  -h, --help              this help

Examples:
  popcorn run -- ls -l /bin
  popcorn run ./hello                      a riscv64 program built on the host
  popcorn run -E NAME=world -- sh -c 'echo hello $NAME'
  popcorn run --kernels 4 --migrate-every 1ms -- matmul
  popcorn run --kernels 2 --forward 8080:0:80 -- httpd -f -p 80 -h /bin   then: curl localhost:8080/
`;

export const SHELL_USAGE = `usage: popcorn shell [OPTIONS]

Boots a machine with a shell on every kernel's console and attaches this terminal to one of
them, as the playground's terminals attach. ^] detaches. By default the machine is the one the
playground boots: two kernels of two harts each on two NUMA nodes, 512 MiB, with the Popcorn
services (migrate, pstat, /proc/popcorn).

  --kernels N             N kernels, one per NUMA node (1 to 64)
  --harts-per-kernel M    harts of each kernel with --kernels (default 2)
  --memory SIZE           the guest's RAM, split among the kernels: MiB, or with a unit (2G);
                          default 512 MiB, or 128 MiB per kernel beyond four
  --kernel K              attach to kernel K's console (default 0)
  --harts N               instead: a kernel alone with N harts, without the Popcorn services
                          (the SMP baseline that 'popcorn run' boots)
  --forward HOSTPORT:KERNEL:PORT
                          connections to 127.0.0.1:HOSTPORT on the host reach PORT on kernel
                          KERNEL (10.0.0.KERNEL+1 on the machine's LAN); repeatable
  -h, --help              this help
`;

export const SCENARIO_USAGE = `usage: popcorn scenario FILE|LINK [OPTIONS]

Runs a scenario headless and prints what each kernel did, its console's last lines and the
machine's trace hash. FILE is scenario JSON (see engine/machine/scenarios/); LINK is a playground
share link (anything ending in #z=..., or an old #s=...): without --until it runs to where the
link was shared and checks that it reaches the trace hash the page showed there (status 1 if
not). With protocol faults on (its "faults"), or messages held back while exploring (inputs with
a "delay"), it checks the page invariants after every epoch and prints the first ones broken with
the epoch they broke at (held messages alone: in one thread only). The scenario's machine.quantumUs
sets the synchronisation quantum (the epoch): whole us from the smallest link latency between
two kernels (1 us on one NUMA node) to 100, the default. A message arrives at its modelled time
(1 us per 10 NUMA distance units, 1 ns per 4 bytes) but never before the next epoch: shorter
quanta cost wall time and give costs nearer the model.

  --until TIME            how much virtual time to run, with its unit: 500us, 50ms, 2s
                          (default 100ms); the machine runs whole epochs (of 100us by default)
  --workers N             1: every kernel in this thread (default); more: one worker per kernel.
                          Both give the same run and trace hash.
  --free-running          with workers: no epoch barrier (faster, not reproducible)
  --trace FILE            write the run's events as Chrome trace-event JSON (open in Perfetto)
  --pcap FILE             write the frames on the machine's network as a pcap file (tshark, Wireshark)
  -h, --help              this help
`;
