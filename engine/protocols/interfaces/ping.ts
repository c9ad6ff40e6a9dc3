// The test interface of the messaging layer: what the storm and ping tests and benchmarks send.

import { defineInterface } from '../messaging/interface';
import { field, u32 } from '../messaging/wire-types';

export const PING_IF = defineInterface('ping', 'Test messages of the messaging layer.', {
  PING: {
    number: 20,
    doc: 'A test message (messaging tests and benchmarks); answered by PONG when it asks.',
    responses: ['PONG'],
    fields: { n: field(u32, 'a number the answer is made from') },
  },
  PONG: {
    number: 21,
    doc: 'The answer to a PING.',
    fields: { n: field(u32, 'the answer') },
  },
});
