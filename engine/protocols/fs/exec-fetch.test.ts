import { describe, expect, it } from 'vitest';
import { EACCES, EIO, ETXTBSY } from '../../kernels/errno';
import { homeLost, pieceCame, startFetch } from './exec-fetch';
import { FS_IO_MAX } from './fs-params';

const P = FS_IO_MAX;
const piece = (size: number, offset: number, ino = 7, mtime = 3) => ({
  result: size,
  ino,
  mtime,
  length: Math.min(P, size - offset),
});

describe('ExecFetch', () => {
  it('asks for the first piece, then keeps two under way until every byte came', () => {
    const size = 4 * P + 10;
    let { fetch, ask } = startFetch();
    expect(ask).toEqual([0]);
    ({ fetch, ask } = pieceCame(fetch, 0, piece(size, 0)));
    expect(ask).toEqual([P, 2 * P]);
    expect(fetch).toMatchObject({ phase: 'fetching', size, ino: 7, mtime: 3, outstanding: 2, received: P });
    ({ fetch, ask } = pieceCame(fetch, P, piece(size, P)));
    expect(ask).toEqual([3 * P]);
    ({ fetch, ask } = pieceCame(fetch, 2 * P, piece(size, 2 * P)));
    expect(ask).toEqual([4 * P]);
    ({ fetch, ask } = pieceCame(fetch, 4 * P, piece(size, 4 * P))); // out of order
    expect(ask).toEqual([]);
    expect(fetch.phase).toBe('fetching');
    ({ fetch, ask } = pieceCame(fetch, 3 * P, piece(size, 3 * P)));
    expect(fetch).toMatchObject({ phase: 'done', received: size, outstanding: 0 });
  });

  it('is done at once for a file of one piece, or empty', () => {
    expect(pieceCame(startFetch().fetch, 0, piece(100, 0)).fetch.phase).toBe('done');
    expect(pieceCame(startFetch().fetch, 0, piece(0, 0))).toMatchObject({ fetch: { phase: 'done' }, ask: [] });
  });

  it("fails with the home's errno, and on a file that changed under it", () => {
    const denied = pieceCame(startFetch().fetch, 0, { result: -EACCES, ino: 0, mtime: 0, length: 0 });
    expect(denied.ask).toEqual([]);
    expect(denied.fetch).toMatchObject({ phase: 'failed', error: -EACCES });
    const first = pieceCame(startFetch().fetch, 0, piece(3 * P, 0)).fetch;
    expect(pieceCame(first, P, { result: -ETXTBSY, ino: 7, mtime: 3, length: 0 }).fetch.error).toBe(-ETXTBSY);
    expect(pieceCame(first, P, piece(5 * P, P)).fetch.error).toBe(-EIO); // the size changed
    expect(pieceCame(first, P, { ...piece(3 * P, P), length: 10 }).fetch.error).toBe(-EIO); // a short piece
    // a piece that comes after the failure changes nothing
    const failed = pieceCame(first, P, piece(5 * P, P)).fetch;
    expect(pieceCame(failed, 2 * P, piece(3 * P, 2 * P))).toEqual({ fetch: failed, ask: [] });
  });

  it('fails with EIO when the home dies, unless it is done', () => {
    const under = pieceCame(startFetch().fetch, 0, piece(3 * P, 0)).fetch;
    expect(homeLost(under)).toMatchObject({ phase: 'failed', error: -EIO });
    const done = pieceCame(startFetch().fetch, 0, piece(10, 0)).fetch;
    expect(homeLost(done)).toBe(done);
  });
});
