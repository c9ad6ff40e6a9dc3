// The instructions around a thread's pc, disassembled from the bytes its kernel published, the
// one at pc marked: address, instruction word and text, as `objdump -d` prints them.

import { memo } from 'react';
import type { CodeLine } from '../../engine/machine/browser/disassembly';
import { hexAddress } from './register-format';

export const CodeListing = memo(function CodeListing({
  lines,
  kernel,
}: {
  lines: readonly CodeLine[];
  kernel: number;
}) {
  if (lines.length === 0)
    return (
      <p className="muted inspector-note">
        No code to show: the page holding pc is not on kernel {kernel} (the thread fetches it when it next runs).
      </p>
    );
  return (
    <table className="inspector-code mono" data-testid="inspector-code">
      <tbody>
        {lines.map((l) => (
          <tr key={l.address} className={l.atPc ? 'at-pc' : undefined} aria-current={l.atPc ? 'true' : undefined}>
            <td className="mark">{l.atPc ? '▶' : ''}</td>
            <td className="addr">{hexAddress(l.address)}</td>
            <td className="bytes">{l.hex}</td>
            <td className="text">{l.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
