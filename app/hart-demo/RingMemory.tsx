// Guest memory as the program leaves it: the newest entries of its ring of Fibonacci numbers.
import { RING_BASE, RING_ENTRIES } from '../../engine/machine/hart-demo/hart-demo';
import { hex } from './format';
import type { HartSnapshot } from './snapshot';

export function RingMemory({ snapshot }: { snapshot: HartSnapshot }) {
  return (
    <section className="panel">
      <h2>Guest memory</h2>
      <p className="caption">
        Newest entries of the {RING_ENTRIES}-entry ring at {hex(RING_BASE, 4)} where the loop stores each Fibonacci
        number (modulo 2<sup>64</sup>).
      </p>
      <table className="memory mono">
        <tbody>
          {snapshot.ring.map(({ addr, value }) => (
            <tr key={addr}>
              <td className="addr">{hex(addr, 4)}</td>
              <td className="value">{value.toString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
