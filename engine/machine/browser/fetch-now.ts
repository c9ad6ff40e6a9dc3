// A kernel worker's own fetch of a program it needs this instant. The kernel is in the middle
// of an exec or a read and cannot yield (its thread runs the epoch), so the fetch is
// synchronous, which a worker may do (a page may not). Asking the page instead meant waiting
// for the page's thread, which while the machine boots is busy drawing it: measured, kernel 0
// waited 160-530 ms for init and sh whose bytes had long arrived in the page.

/** The bytes at `url`, or why not. */
export function fetchNow(url: string): Uint8Array | { error: string } {
  try {
    const request = new XMLHttpRequest();
    request.open('GET', url, false);
    request.responseType = 'arraybuffer';
    request.send();
    if (request.status !== 200) return { error: `HTTP ${request.status}` };
    return new Uint8Array(request.response as ArrayBuffer);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
