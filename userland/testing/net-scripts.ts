// The network programs' conversations as ash scripts: a server started in the background, a
// client started once the server is ready (netecho and rshd print "listening"; httpd and
// `nc -l` are asked until they answer), and what the pair prints, exact or (for loadgen's
// figures) with the numbers masked. glibc.test.ts runs them under qemu-riscv64, whose sockets
// are the host's loopback; engine/kernels/net-programs.test.ts runs them on one kernel too and
// requires the same. Each script runs in a directory of its own; `port` is a fixed high port
// (qemu's tests run in parallel on the host's one loopback: every test has its own, and
// port + 1, where netecho's clients expect nobody, is left free too).

import { NETECHO_ALL } from './expected-output';

export interface NetScript {
  name: string;
  script: (port: number) => string;
  /** The expected output (stdout, with stderr where the script sends it there). */
  expected: string[];
  /** Masks what varies from run to run (loadgen's figures) before comparing. */
  mask?: (out: string) => string;
}

/** The nth run of one kind in `netecho all`: a client's lines, then its server's. */
function section(kind: 'tcp' | 'udp' | 'unix', nth = 0): string[] {
  const runs: string[][] = [];
  let previous = '';
  for (const line of NETECHO_ALL) {
    const client = line.startsWith(`${kind}-client: `);
    if (client && !previous.startsWith(`${kind}-client: `)) runs.push([]);
    if (client || line.startsWith(`${kind}-server: `)) runs.at(-1)?.push(line);
    previous = line;
  }
  return runs[nth] ?? [];
}

/** Waits (polling, in the machine's time) until FILE has a line saying "listening". */
const untilListening = (file: string) => `until grep -q listening ${file} 2>/dev/null; do sleep 0.02; done`;
/** Waits until httpd on `port` answers. */
const untilHttpd = (port: number) =>
  `until wget -q -O /dev/null http://127.0.0.1:${port}/index.html 2>/dev/null; do sleep 0.02; done`;
const HTTPD = (port: number) =>
  `mkdir www && echo 'hello from httpd' > www/index.html && httpd -f -p 127.0.0.1:${port} -h www & pid=$!; ${untilHttpd(port)}; `;

/** The numbers of loadgen's figures, masked: the counts stay. */
function maskFigures(out: string): string {
  return out
    .replace(/^elapsed: +[\d.]+ s$/m, 'elapsed: N s')
    .replace(/^conn\/s: +[\d.]+$/m, 'conn/s: N')
    .replace(/^latency \(us\): .*$/m, (line) => line.replace(/\d+/g, 'N'))
    .replace(/conn_per_s=[\d.]+ p50_us=\d+ p99_us=\d+/, 'conn_per_s=N p50_us=N p99_us=N');
}

export const NET_SCRIPTS: NetScript[] = [
  { name: 'netecho all', script: () => 'netecho all', expected: NETECHO_ALL },
  ...(['tcp', 'udp'] as const).map((kind): NetScript => ({
    name: `netecho ${kind}-server and ${kind}-client as two processes`,
    script: (port) =>
      `netecho ${kind}-server ${port} > server.out & ${untilListening('server.out')}; ` +
      `netecho ${kind}-client 127.0.0.1 ${port}; wait; cat server.out`,
    expected: section(kind),
  })),
  ...[
    ['a path', 'sock', 0],
    ['an abstract name', '@netecho-test-PORT', 1],
  ].map(([what, name, nth]): NetScript => ({
    name: `netecho unix-server and unix-client at ${what} as two processes`,
    script: (port) => {
      const at = String(name).replace('PORT', String(port));
      return `netecho unix-server ${at} > server.out & ${untilListening('server.out')}; netecho unix-client ${at}; wait; cat server.out`;
    },
    expected: section('unix', Number(nth)),
  })),
  {
    name: 'loadgen against BusyBox httpd',
    script: (port) =>
      HTTPD(port) +
      `loadgen -c 8 -n 400 -p /index.html 127.0.0.1:${port}; echo "status $?"; ` +
      `loadgen -q -c 2 -n 20 -p /index.html 127.0.0.1:${port}; ` +
      `loadgen -q -n 5 -p /missing 127.0.0.1:${port}; echo "status $?"; kill $pid; wait; ` +
      `loadgen -q -n 3 127.0.0.1:${port}; echo "status $?"`,
    expected: [
      `loadgen: 400 requests to http://127.0.0.1:PORT/index.html, 8 at a time`,
      'completed: 400',
      'failed:    0',
      'elapsed: N s',
      'conn/s: N',
      'latency (us): min N, pN N, pN N, pN N, max N',
      'status 0',
      'conn_per_s=N p50_us=N p99_us=N ok=20 fail=0',
      'conn_per_s=0.0 p50_us=0 p99_us=0 ok=0 fail=5',
      'status 1',
      'conn_per_s=0.0 p50_us=0 p99_us=0 ok=0 fail=3',
      'status 1',
    ],
    mask: maskFigures,
  },
  {
    name: 'BusyBox wget against BusyBox httpd',
    script: (port) =>
      HTTPD(port) +
      `wget -q -O - http://127.0.0.1:${port}/index.html; echo "status $?"; ` +
      `wget -q -O - http://127.0.0.1:${port}/missing.html 2>&1; echo "status $?"; kill $pid; wait`,
    expected: ['hello from httpd', 'status 0', 'wget: server returned error: HTTP/1.1 404 Not Found', 'status 1'],
  },
  {
    name: 'BusyBox nc: a server with -l -p and a client pass a line; nobody listening is refused',
    script: (port) =>
      `nc -l -p ${port} > got & ` +
      `until echo 'a line through nc' | nc 127.0.0.1 ${port} 2>/dev/null; do sleep 0.02; done; wait; cat got; ` +
      `nc 127.0.0.1 ${port + 1} < /dev/null 2>&1; echo "status $?"`,
    expected: ['a line through nc', "nc: can't connect to remote host (127.0.0.1): Connection refused", 'status 1'],
  },
  {
    name: 'rsh runs commands through rshd; the command reads what rsh sends; nobody listening is an error',
    script: (port) =>
      `rshd -p ${port} -n 3 > rshd.out & ${untilListening('rshd.out')}; ` +
      `rsh -p ${port} 127.0.0.1 echo hi; echo "status $?"; ` +
      `echo 'a line in' | rsh -p ${port} 127.0.0.1 'read x; echo "read: $x"; echo to-stderr >&2'; echo "status $?"; ` +
      `rsh -p ${port} localhost 'exit 3'; echo "status $?"; wait; cat rshd.out; ` +
      `rsh -p ${port} 127.0.0.1 echo hi 2>&1; echo "status $?"`,
    expected: [
      'hi',
      'status 0',
      'read: a line in',
      'to-stderr',
      'status 0',
      'status 0',
      'rshd: listening on port PORT',
      'rsh: 127.0.0.1: Connection refused',
      'status 1',
    ],
  },
];

/** The output to compare: the port named as PORT, the figures masked. */
export function normalize(s: NetScript, out: string, port: number): string {
  const text = out.replaceAll(String(port), 'PORT');
  return s.mask ? s.mask(text) : text;
}
