import { describe, expect, it } from 'vitest';
import { createPhysicalMemory } from '../../hw/physical-memory';
import { WireError, WireReader, WireWriter } from './codec';
import { interpreted } from './field-compiler';
import type { MessageSpec } from './interface';
import { decodeMessage, messageSpecs, MSG } from './message-types';
import { Messenger, type Delivered } from './messenger';
import { Ring, ringBytes, slotsFor } from './ring';
import { SampleGen } from './wire-types';

const specs = messageSpecs();

function sample(spec: MessageSpec, g: SampleGen): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const f of spec.fields) v[f.name] = f.type.sample(g);
  return v;
}

/** Encodes through the spec as a service does (its record type is the spec's). */
const encode = (spec: MessageSpec, v: Record<string, unknown>) => spec.encode(v as never);

describe('declared interfaces', () => {
  it('number every message once, in declaration order, with descriptions and paired responses', () => {
    const numbers = specs.map((s) => s.type);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const s of specs) {
      expect(s.doc.length, s.name).toBeGreaterThan(10);
      for (const f of s.fields) expect(f.doc.length, `${s.name}.${f.name}`).toBeGreaterThan(2);
      for (const r of s.responses) expect(specs.find((x) => x.name === r)?.answers).toBe(s.name);
    }
    expect(specs.find((s) => s.name === 'SYSCALL_REP')?.answers).toBe('SYSCALL_FWD');
  });

  it('keep the names and numbers the traces and the page showed before they were declared', () => {
    expect(MSG).toMatchObject({
      NODE_INFO: 1,
      PROC_LIST: 10,
      SIGNAL_FWD: 12,
      SIGNAL_FWD_RESPONSE: 13,
      PING: 20,
      PONG: 21,
      TASK_MIGRATE: 30,
      TASK_PAIRING: 31,
      TASK_MIGRATE_BACK: 32,
      TASK_EXIT_REMOTE: 33,
      TASK_EXIT_ORIGIN: 34,
      TASK_PROPOSE: 35,
      TASK_PROPOSE_RESPONSE: 36,
      VMA_OP_REQUEST: 42,
      VMA_OP_RESPONSE: 43,
      REMOTE_PAGE_REQUEST: 44,
      REMOTE_PAGE_RESPONSE: 45,
      REMOTE_PAGE_RESPONSE_SHORT: 46,
      PAGE_INVALIDATE_REQUEST: 47,
      PAGE_INVALIDATE_RESPONSE: 48,
      PAGE_RELEASE: 49,
      FUTEX_REQUEST: 50,
      FUTEX_RESPONSE: 51,
      SYSCALL_FWD: 52,
      SYSCALL_REP: 53,
      VMA_UNMAP: 60,
      VMA_UNMAP_ACK: 61,
    });
  });

  it('round-trip every message through encode and decode, small and at its largest', () => {
    for (const spec of specs) {
      for (let seed = 1; seed <= 20; seed++) {
        const g = new SampleGen(seed * 7919 + spec.type, seed === 20);
        const v = sample(spec, g);
        const body = encode(spec, v);
        expect(spec.decode(body), `${spec.name} seed ${seed}`).toEqual(v);
        expect(encode(spec, spec.decode(body)), `${spec.name} seed ${seed}`).toEqual(body);
        expect(decodeMessage(spec.type, body)).toEqual({ name: spec.name, fields: v });
      }
    }
  });

  it('encode and decode alike through the generated code and the loop that stands in for it', () => {
    for (const spec of specs) {
      const v = sample(spec, new SampleGen(spec.type * 31, true));
      const w = new WireWriter();
      interpreted(spec.fields).write(w, v);
      const body = w.done();
      expect(body, spec.name).toEqual(encode(spec, v));
      expect(interpreted(spec.fields).read(new WireReader(body)), spec.name).toEqual(spec.decode(body));
    }
  });

  it('carry the largest of every message across a ring, over as many slots as it takes', () => {
    const slots = 256;
    const { memory } = createPhysicalMemory(4 << 20, 1);
    const rings = [0, 1].map((k) => new Ring(memory, k * ringBytes(slots), slots));
    const [a, b] = [0, 1].map(
      (self) => new Messenger({ self, rings, latency: () => 10, epochNs: 100, waitForRoom: () => undefined }),
    ) as [Messenger, Messenger];
    const got: Delivered[] = [];
    for (const spec of specs) b.on(spec.type, (m) => got.push(m));
    const sent = specs.map((spec) => {
      const v = sample(spec, new SampleGen(spec.type, true));
      a.send(1, spec.type, encode(spec, v), 0);
      b.poll();
      return v;
    });
    b.deliver(1000);
    expect(got.map((m) => m.type)).toEqual(specs.map((s) => s.type));
    got.forEach((m, i) => {
      expect(decodeMessage(m.type, m.body).fields).toEqual(sent[i]);
    });
    const longest = Math.max(...got.map((m) => slotsFor(m.body.length + 4)));
    expect(longest).toBeGreaterThan(64); // TASK_MIGRATE with 64 VMAs and every signal action
  });

  it('refuse a truncated, padded or garbled payload with a WireError that names the message and field', () => {
    const migrate = specs.find((s) => s.name === 'TASK_MIGRATE') as MessageSpec;
    const body = encode(migrate, sample(migrate, new SampleGen(3, true)));
    expect(() => migrate.decode(body.subarray(0, 100))).toThrow(/^TASK_MIGRATE: bad field \w+ in a 100-byte payload/);
    expect(() => migrate.decode(new Uint8Array([...body, 0]))).toThrow(/TASK_MIGRATE: 1 bytes left over/);
    expect(() => decodeMessage(999, body)).toThrow(WireError);
    for (const spec of specs) {
      const whole = encode(spec, sample(spec, new SampleGen(spec.type + 1, true)));
      for (let n = 0; n < whole.length; n += Math.max(1, Math.floor(whole.length / 50))) {
        // a shorter payload is refused, unless it is whole without its optional last field
        let refused: unknown;
        try {
          encode(spec, spec.decode(whole.subarray(0, n)));
        } catch (e) {
          refused = e;
        }
        if (refused !== undefined) expect(refused, `${spec.name} cut at ${n}`).toBeInstanceOf(WireError);
        else expect(spec.fields.at(-1)?.type.trailing, `${spec.name} cut at ${n}`).toBe(true);
      }
      const g = new SampleGen(spec.type);
      for (let round = 0; round < 50 && whole.length > 0; round++) {
        const garbled = whole.slice();
        for (let flips = 0; flips < 3; flips++) garbled[g.below(garbled.length)] = g.below(256);
        try {
          spec.decode(garbled); // a garbled count or length, or a kind out of range, is refused
        } catch (e) {
          expect(e, spec.name).toBeInstanceOf(WireError);
        }
      }
    }
  });
});
