// The instructions around pc, disassembled from guest memory; the next one to run is marked.
import type { HartSnapshot } from './snapshot';

export function Disassembly({ snapshot }: { snapshot: HartSnapshot }) {
  return (
    <section className="panel">
      <h2>Next instructions</h2>
      <table className="listing mono">
        <tbody>
          {snapshot.listing.map((row, i) => {
            const current = i === snapshot.current;
            const [mnemonic = '', operands = ''] = row.text.split(' ');
            return (
              <tr
                key={row.pc.toString()}
                className={current ? 'current' : undefined}
                data-testid={current ? 'current-instruction' : undefined}
              >
                <td className="marker" aria-label={current ? 'next' : undefined}>
                  {current ? '▶' : ''}
                </td>
                <td className="addr">{row.pc.toString(16)}</td>
                <td className="bits">{row.bits.toString(16).padStart(row.length * 2, '0')}</td>
                <td className="mnemonic">{mnemonic}</td>
                <td className="operands">{operands}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
