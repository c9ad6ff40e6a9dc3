// Where the machine's shared structures go in guest physical memory: one message ring per
// kernel, side by side at the bottom of the messaging window.

import { ringBytes } from '../protocols/messaging/ring';
import { MachineSpecError, type MachineSpec } from './machine-spec';

/** Slots per ring unless a scenario says otherwise: room for a page (4 KiB) and then some. */
export const DEFAULT_RING_SLOTS = 256;

export function ringAddress(spec: MachineSpec, slots: number, kernel: number): number {
  return kernel * ringBytes(slots);
}

/** Checks that every kernel's ring fits the messaging window. */
export function checkRingsFit(spec: MachineSpec, slots: number): void {
  const need = spec.kernels.length * ringBytes(slots);
  if (need > spec.messagingBytes) {
    throw new MachineSpecError(
      `${spec.kernels.length} rings of ${slots} slots need ${need} bytes; the messaging window has ${spec.messagingBytes}`,
    );
  }
}
