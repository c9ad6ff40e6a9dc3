import { describe, expect, it } from 'vitest';
import { MSG, messageSpec, type MessageSpec } from '../../engine/machine/browser/trace-events';
import { decodeBody, messageAbout } from './message-body';

describe('a message as its declaration describes it', () => {
  it('says what a message is for, what answers it, and its fields with their descriptions', () => {
    const about = messageAbout(MSG.TASK_PROPOSE);
    expect(about?.service).toBe('process server');
    expect(about?.doc).toMatch(/propose_migration/);
    expect(about?.responses).toEqual(['TASK_PROPOSE_RESPONSE']);
    expect(about?.fields.map((f) => [f.name, f.type])).toEqual([
      ['tid', 'u32'],
      ['nid', 'i32'],
    ]);
    expect(messageAbout(MSG.TASK_PROPOSE_RESPONSE)?.answers).toBe('TASK_PROPOSE');
    expect(messageAbout(9999)).toBeUndefined();
  });

  it('shows the decoded fields of a body, or why it cannot be read', () => {
    const spec = messageSpec(MSG.REMOTE_PAGE_REQUEST) as MessageSpec;
    const body = spec.encode({ pid: 7, page: 0x10000, write: true, wantVma: false, have: false });
    const decoded = decodeBody(MSG.REMOTE_PAGE_REQUEST, body);
    expect('fields' in decoded && decoded.fields.map((f) => `${f.name}=${f.value}`)).toEqual([
      'pid=7',
      'page=0x10000',
      'write=yes',
      'wantVma=no',
      'have=no',
    ]);
    expect('fields' in decoded && decoded.fields[1]?.doc).toMatch(/virtual address/);
    expect(decodeBody(MSG.REMOTE_PAGE_REQUEST, body.subarray(0, 6))).toEqual({
      error: expect.stringMatching(/^REMOTE_PAGE_REQUEST: bad field page/) as unknown,
    });
  });
});
