// A register file as a table: number, ABI name and 64-bit hex (and the value, for the float
// registers), the registers that changed since the previous reading marked.

import { memo } from 'react';
import type { RegisterRow } from './register-format';

export const RegisterTable = memo(function RegisterTable({
  rows,
  changed,
  testId,
}: {
  rows: readonly RegisterRow[];
  changed?: ReadonlySet<number>;
  testId: string;
}) {
  return (
    <table className="inspector-regs mono" data-testid={testId}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.name} className={changed?.has(i) ? 'changed' : undefined}>
            <th scope="row">{r.name}</th>
            <td className="abi">{r.abi}</td>
            <td className="hex">{r.hex}</td>
            {r.value !== '' && <td className="value">{r.value}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
