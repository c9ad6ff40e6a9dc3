// The machine's one filesystem, started at boot on every kernel (services.ts): the home
// (FS_HOME) serves the tree (fs-home.ts); every other kernel sends its file syscalls on the
// shared tree there (fs-client.ts). A lone kernel needs neither: its tree is the machine's.

import type { Kernel } from '../../kernels/kernel';
import type { Messenger } from '../messaging/messenger';
import type { SharedPages } from '../migration/shm-service';
import { FsClient } from './fs-client';
import { FsHome } from './fs-home';
import { FS_HOME } from './fs-params';

export class FsService {
  readonly home: FsHome | undefined;
  readonly client: FsClient | undefined;

  /** `shm`: the shared-memory pages of the migration service (a file mapped shared is kept coherent by them). */
  constructor(k: Kernel, messenger: Messenger, shm?: SharedPages, home = FS_HOME) {
    if (messenger.kernels < 2) return;
    if (k.id === home) {
      this.home = new FsHome(k, messenger, shm);
      return;
    }
    this.client = new FsClient(k, messenger, home, shm);
    k.sharedFs = this.client;
  }

  /** Which kernel's tree is the machine's. */
  get homeKernel(): number | undefined {
    return this.home ? undefined : this.client?.home;
  }

  /** At every epoch start: calls to a dead home fail; descriptions a dead kernel held go; a home back is a new one. */
  onEpoch(died: readonly number[], back: readonly number[] = []): void {
    for (const dead of died) this.home?.forget(dead);
    this.home?.onEpoch();
    if (this.client && back.includes(this.client.home)) this.client.homeBack();
    this.client?.onEpoch();
  }
}
