// The distributed services a kernel starts at boot, in order, each registering its message
// handlers and kernel hooks (Popcorn's services register callbacks the same way). The machine
// calls onEpoch() at the start of every epoch, before the kernel runs it: services that push
// state to their peers do it there, so what they send depends on epochs, never on the host.

import type { Kernel } from '../kernels/kernel';
import type { Messenger } from './messaging/messenger';
import type { Ring } from './messaging/ring';
import { NO_FAULTS, type ProtocolFaults } from './faults';
import { NodeInfoService } from './node-info';
import { ProcessListService } from './ssi/process-list';
import { registerSsiProcFiles } from './ssi/proc-files';
import { SignalForwardingService } from './ssi/signal-forwarding';
import { MigrationService } from './migration/migration-service';
import { registerPopcornPs } from './migration/popcorn-ps';
import { FsService } from './fs/fs-service';
import { NetService } from './net/net-service';

export interface Services {
  nodeInfo: NodeInfoService;
  processList: ProcessListService;
  signals: SignalForwardingService;
  migration: MigrationService;
  fs: FsService;
  net: NetService;
  /** Runs the services' periodic work; the machine calls it at the start of every epoch (at `start`, ns). */
  onEpoch(start?: number): void;
}

/**
 * `ring` is this kernel's receive ring (for /proc/popcorn/stat); `faults`, protocol steps the
 * scenario asked to skip (faults.ts).
 */
export function startServices(
  k: Kernel,
  messenger: Messenger,
  ring?: Ring,
  faults: ProtocolFaults = NO_FAULTS,
): Services {
  const nodeInfo = new NodeInfoService(k, messenger); // who else is on the machine
  nodeInfo.announce();
  const processList = new ProcessListService(k, messenger, nodeInfo); // every kernel's processes, pushed
  const signals = new SignalForwardingService(k, messenger, nodeInfo, processList); // kill() across kernels
  registerSsiProcFiles(k, { messenger, nodeInfo, lists: processList, signals, ring }); // /proc of the machine
  const migration = new MigrationService(k, messenger, nodeInfo, signals, faults); // threads and pages across kernels
  registerPopcornPs(k, migration, processList); // /proc/popcorn/ps
  const fs = new FsService(k, messenger, migration.pages.shm); // one filesystem: the home's tree, other kernels' calls sent there
  const net = new NetService(k, messenger, nodeInfo); // this kernel's port on the virtual switch
  return {
    nodeInfo,
    processList,
    signals,
    migration,
    fs,
    net,
    onEpoch: (start = k.now) => {
      // peers that died or came back since the last epoch start (peer-watch.ts)
      const changes = nodeInfo.watch();
      for (const dead of changes.died) {
        messenger.forgetFrom(dead, start); // what it sent and was not delivered yet went with it
        processList.markDead(dead);
        k.printkConsole(`popcorn: kernel ${dead} died: it answers no more; what ran there is lost`);
      }
      for (const back of changes.back) processList.revive(back);
      migration.onEpoch();
      fs.onEpoch(changes.died, changes.back);
      net.onEpoch(changes.died);
      processList.publish();
    },
  };
}
