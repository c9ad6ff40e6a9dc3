// The node-info service's interface (node-info.ts): how kernels learn of each other at boot.

import { defineInterface } from '../messaging/interface';
import { f64, field, list, string, u32 } from '../messaging/wire-types';

export const NODE_INFO_IF = defineInterface('node info', 'Kernels announce themselves to each other at boot.', {
  NODE_INFO: {
    number: 1,
    doc: 'A kernel that booted announces itself to a peer (Popcorn B NODE_INFO, A CHECKIN).',
    fields: {
      harts: field(list(u32, 64, 'hart numbers'), 'the harts (CPUs) it runs on'),
      memoryBase: field(f64, 'start of its physical memory window'),
      memorySize: field(f64, 'size of its physical memory window in bytes'),
      arch: field(string(16), 'its architecture (riscv64)'),
    },
  },
});
