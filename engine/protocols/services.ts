// The distributed services a kernel starts at boot, in order, each registering its message
// handlers and kernel hooks (Popcorn's services register callbacks the same way).

import type { Kernel } from '../kernels/kernel';
import type { MachineSpec } from '../machine/machine-spec';
import type { Messenger } from './messaging/messenger';
import { NodeInfoService } from './node-info';

export interface Services {
  nodeInfo: NodeInfoService;
}

export function startServices(k: Kernel, messenger: Messenger, _spec: MachineSpec): Services {
  const nodeInfo = new NodeInfoService(k, messenger); // who else is on the machine
  nodeInfo.announce();
  return { nodeInfo };
}
