// Says, above the machine, that the running scenario breaks a protocol on purpose (its
// `faults`, engine/protocols/faults.ts): a run whose output goes wrong or hangs must never be
// mistaken for the playground's own bug, nor its costs for Popcorn's.

import { PROTOCOL_FAULTS, type ProtocolFault } from '../../engine/machine/scenario';

export function FaultsNotice({ faults }: { faults: readonly ProtocolFault[] }) {
  if (faults.length === 0) return null;
  return (
    <section className="notice faults" role="note" aria-label="protocol faults on" data-testid="faults-notice">
      <p>
        <strong>This run breaks the protocols on purpose.</strong> Its scenario switches{' '}
        {faults.length === 1 ? 'this step' : 'these steps'} off, so that you can see why{' '}
        {faults.length === 1 ? 'it exists' : 'they exist'}: expect wrong results or a program that never ends.
      </p>
      <ul>
        {faults.map((f) => (
          <li key={f}>
            <code>{f}</code>: {PROTOCOL_FAULTS[f].skips}
          </li>
        ))}
      </ul>
    </section>
  );
}
