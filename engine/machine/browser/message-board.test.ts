import { describe, expect, it } from 'vitest';
import { EV } from '../../kernels/trace';
import { loadUserlandFiles } from '../../kernels/userland-files';
import { decodeMessage, messageTypeName } from '../../protocols/messaging/message-types';
import { LocalMachine } from '../local-machine';
import { parseScenario } from '../scenario';
import { KernelViewReader, KernelViewWriter } from './kernel-view';
import { RecentMessages } from './recent-messages';

describe('the inspected message on the view boards', () => {
  it('is published by the kernels that sent and received it, for the page to decode', async () => {
    const text = JSON.stringify({ version: 1, machine: { preset: 'two-kernels' } });
    const m = await LocalMachine.boot(parseScenario(text), await loadUserlandFiles(), true);
    m.runUntil(200_000); // both kernels booted
    const recent = m.kernels.map((k) => {
      const log = new RecentMessages();
      k.node.recent = log;
      return log;
    });
    m.runUntil(3e6);
    const sent = (m.kernels[0]?.node.kernel.tracer.kept ?? []).filter((e) => e.kind === EV.MSG_SEND);
    const last = sent.at(-1);
    if (!last) throw new Error('kernel 0 sent nothing');
    const ref = { from: 0, to: last.b, seq: last.tid };
    const read = new KernelViewReader(m.memory);
    const writers = m.kernels.map((k) => new KernelViewWriter(m.memory, k.index));
    expect(read.message(0, ref), 'nothing before the page asks').toBeUndefined();

    read.requests.message = ref;
    writers.forEach((w, k) => {
      w.answerMessage(recent[k] as RecentMessages);
    });
    for (const k of [0, ref.to]) {
      const got = read.message(k, ref);
      if (!got || got === 'gone') throw new Error(`kernel ${k} did not publish the message`);
      expect(got.type).toBe(last.a);
      expect(decodeMessage(got.type, got.body).name).toBe(messageTypeName(last.a));
    }

    read.requests.message = { ...ref, seq: ref.seq + 1000 }; // never sent
    writers[0]?.answerMessage(recent[0] as RecentMessages);
    expect(read.message(0, { ...ref, seq: ref.seq + 1000 })).toBe('gone');
    read.requests.message = undefined;
    writers[0]?.answerMessage(recent[0] as RecentMessages);
    expect(read.message(0, ref)).toBeUndefined();
  });
});
