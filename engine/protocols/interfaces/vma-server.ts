// The VMA server's interface (migration/vma-server.ts): the origin takes memory or rights away
// from every remote kernel of a process before the call that did so returns.

import { sharedBindings, vmaList } from '../migration/wire';
import { defineInterface } from '../messaging/interface';
import { field, optional, u32 } from '../messaging/wire-types';

export const VMA_SERVER_IF = defineInterface('VMA server', "The origin's VMAs changed: remotes follow.", {
  VMA_UNMAP: {
    number: 60,
    doc: 'An mm call at the origin took memory or rights away: the remote drops or downgrades its pages.',
    responses: ['VMA_UNMAP_ACK'],
    fields: {
      pid: field(u32, 'the process'),
      vmas: field(vmaList, "the process's VMAs after the call"),
      shared: field(optional(sharedBindings), 'the shared objects its MAP_SHARED VMAs map, if any'),
    },
  },
  VMA_UNMAP_ACK: { number: 61, doc: 'The remote no longer uses what was taken away.', fields: {} },
});
