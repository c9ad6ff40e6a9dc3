// Every service's declared interface, in message-number order: the machine's one table of
// messages. message-types.ts derives the numbers, names and the message union from it; a
// service encodes and decodes through its own interface (WIRE.TASK_MIGRATE.encode(...)).

import type { MessageSpec } from '../messaging/interface';
import { FORWARDING_IF } from './forwarding';
import { FS_IF } from './fs';
import { NET_IF } from './net';
import { NODE_INFO_IF } from './node-info';
import { PAGES_IF } from './pages';
import { PING_IF } from './ping';
import { PROCESS_LIST_IF } from './process-list';
import { PROCESS_SERVER_IF } from './process-server';
import { SHM_IF } from './shm';
import { SIGNALS_IF } from './signals';
import { VMA_SERVER_IF } from './vma-server';

/** The interfaces, each a service (numbered in order within each, the table sorted by number). */
export const INTERFACES = [
  NODE_INFO_IF,
  NET_IF,
  PROCESS_LIST_IF,
  SIGNALS_IF,
  PING_IF,
  PROCESS_SERVER_IF,
  FORWARDING_IF,
  PAGES_IF,
  VMA_SERVER_IF,
  FS_IF,
  SHM_IF,
] as const;

type Union<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? H & Union<R> : unknown;

/** Every declared message by name. */
export type Wire = Union<typeof INTERFACES>;

export const WIRE = Object.assign({}, ...INTERFACES) as Wire;

/** Every message spec, in number order; checks the table is well formed (at load: a bad one never runs). */
export const SPECS: readonly MessageSpec[] = checkTable(INTERFACES.map((i) => Object.values(i) as MessageSpec[]));

function checkTable(services: MessageSpec[][]): MessageSpec[] {
  for (const messages of services) {
    for (let i = 1; i < messages.length; i++) {
      const [a, b] = [messages[i - 1] as MessageSpec, messages[i] as MessageSpec];
      if (b.type <= a.type) throw new Error(`${b.name} (${b.type}) is declared after ${a.name} (${a.type})`);
    }
  }
  const specs = services.flat().sort((a, b) => a.type - b.type);
  const byName = new Map(specs.map((s) => [s.name, s]));
  if (byName.size !== specs.length) throw new Error('two declared messages have one name');
  for (let i = 1; i < specs.length; i++) {
    const [a, b] = [specs[i - 1] as MessageSpec, specs[i] as MessageSpec];
    if (a.type === b.type) throw new Error(`${a.name} and ${b.name} are both number ${a.type}`);
  }
  for (const s of specs) {
    if (!Number.isInteger(s.type) || s.type <= 0 || s.type > 0xffff) throw new Error(`${s.name}: bad number ${s.type}`);
    for (const r of s.responses) {
      const answer = byName.get(r);
      if (!answer) throw new Error(`${s.name}: its response ${r} is not declared`);
      answer.answers = s.name;
    }
  }
  return specs;
}
