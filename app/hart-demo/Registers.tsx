// The 32 integer registers with their ABI names; the ones the last update changed are lit.
import { X_NAMES } from '../../engine/hw/isa/disasm';
import { splitHex64 } from './format';
import type { HartSnapshot } from './snapshot';

export function Registers({ snapshot }: { snapshot: HartSnapshot }) {
  return (
    <section className="panel">
      <h2>Integer registers</h2>
      <p className="caption">
        <span className="swatch" aria-hidden="true" /> changed since the previous frame, or by the last step
      </p>
      <div className="registers mono" data-testid="registers">
        {snapshot.x.map((value, i) => {
          const [zeros, digits] = splitHex64(value);
          const name = X_NAMES[i] ?? '';
          return (
            <div
              key={i}
              className={snapshot.changed[i] ? 'reg changed' : 'reg'}
              title={`x${i} (${name}) = ${value.toString()} = ${BigInt.asIntN(64, value).toString()} signed`}
              data-testid={`reg-${name}`}
            >
              <span className="reg-num">x{i}</span>
              <span className="reg-name">{name}</span>
              <span className="reg-value">
                <span className="lead">{zeros}</span>
                {digits}
              </span>
            </div>
          );
        })}
      </div>
    </section>
  );
}
