// A process's open descriptors and where each file lives: the kernel that holds the machine's
// one tree (the filesystem's home, which every other kernel's calls on it go to), or the
// process's origin for what each kernel keeps for itself (its TTY, /dev, /proc, pipes).

import { memo } from 'react';
import type { ViewFile } from '../../engine/machine/browser/kernel-view';
import { kernelColour } from '../machine-view/layout';

export const OpenFiles = memo(function OpenFiles({ files, origin }: { files: readonly ViewFile[]; origin: number }) {
  return (
    <details className="inspector-vmas" open={files.length <= 8}>
      <summary>
        <h3>Open files ({files.length})</h3>
      </summary>
      <div className="inspector-scroll">
        <table className="inspector-table mono" data-testid="inspector-files">
          <thead>
            <tr>
              <th className="num">fd</th>
              <th>path</th>
              <th>home</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.fd}>
                <td className="num">{f.fd}</td>
                <td className="name">{f.path}</td>
                <td title={homeTitle(f, origin)}>
                  <span className="swatch" style={{ background: kernelColour(f.home) }} aria-hidden="true" />
                  {f.home}
                  {f.shared ? ' (the shared tree)' : ' (its own)'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
});

function homeTitle(f: ViewFile, origin: number): string {
  if (!f.shared)
    return `kernel ${f.home}'s own: each kernel has its own ${f.path.startsWith('/proc') ? '/proc' : 'devices and pipes'}`;
  if (f.home === origin) return `kernel ${f.home} holds the machine's files: its calls on them run there`;
  return `kernel ${f.home} holds the machine's files: every read, write and seek on this one is a message there (FS_REQUEST)`;
}
