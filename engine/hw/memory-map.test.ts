import { describe, expect, it } from 'vitest';
import * as layout from './memory-map';
import * as traps from './trap-codes';
import { instantiateHart } from './hart-module';
import { createPhysicalMemory } from './physical-memory';

describe('memory map', () => {
  it('is the layout the wasm hart was compiled with, constant for constant', async () => {
    const wasm = await instantiateHart(createPhysicalMemory(1 << 20, 1).memory);
    for (const [name, value] of Object.entries({ ...layout, ...traps })) {
      expect(wasm[name], name).toBe(value);
    }
  });

  it('keeps the regions in order and apart', () => {
    const regions: Array<[string, number, number]> = [
      ['static data', 0, layout.STATIC_DATA_END],
      ['header', layout.HEADER_OFFSET, layout.HEADER_OFFSET + layout.HEADER_SIZE],
      ['expansion table', layout.CEXP_TABLE_OFFSET, layout.CEXP_TABLE_OFFSET + layout.CEXP_TABLE_SIZE],
      ['harts', layout.HARTS_OFFSET, layout.HARTS_OFFSET + layout.MAX_HARTS * layout.HART_STRIDE],
    ];
    for (let i = 1; i < regions.length; i++) {
      const [prevName, , prevEnd] = regions[i - 1] as [string, number, number];
      const [name, start] = regions[i] as [string, number, number];
      expect(start, `${name} starts after ${prevName} ends`).toBeGreaterThanOrEqual(prevEnd);
    }
    const [, , hartsEnd] = regions[regions.length - 1] as [string, number, number];
    expect(layout.RAM_OFFSET).toBeGreaterThanOrEqual(hartsEnd);
    expect(
      layout.COMMAND_OFFSET + layout.MAX_KERNELS * layout.COMMAND_STRIDE,
      'commands fit the control block',
    ).toBeLessThanOrEqual(layout.CONTROL_OFFSET + layout.CONTROL_SIZE);
    expect(
      layout.MESSAGE_COUNTS_OFFSET + layout.MAX_KERNELS * layout.MESSAGE_COUNTS_STRIDE,
      'message counts fit the control block',
    ).toBeLessThanOrEqual(layout.CONTROL_OFFSET + layout.CONTROL_SIZE);
    expect(layout.MESSAGE_COUNTS_OFFSET).toBeGreaterThanOrEqual(
      layout.COMMAND_OFFSET + layout.MAX_KERNELS * layout.COMMAND_STRIDE,
    );
    expect(layout.COMMAND_DATA + layout.COMMAND_SLOTS * layout.COMMAND_RECORD).toBeLessThanOrEqual(
      layout.COMMAND_ANSWERS,
    );
    expect(layout.COMMAND_ANSWERS + layout.COMMAND_ANSWER_SLOTS * 8).toBeLessThanOrEqual(layout.COMMAND_STRIDE);
    expect(layout.VIEW_OFFSET).toBeGreaterThanOrEqual(layout.TRACE_OFFSET + layout.MAX_KERNELS * layout.TRACE_STRIDE);
    expect(
      layout.VIEW_OFFSET + layout.MAX_KERNELS * layout.VIEW_STRIDE,
      'view boards end below RAM',
    ).toBeLessThanOrEqual(layout.INVARIANT_OFFSET);
    expect(
      layout.INVARIANT_COPIES_OFFSET + layout.INVARIANT_COPIES_SIZE,
      'invariant boards end below RAM',
    ).toBeLessThanOrEqual(layout.RAM_OFFSET);
    expect(layout.CEXP_TABLE_SIZE).toBe(65536 * 4);
  });

  it('fits each hart block: registers, trap record and three TLBs', () => {
    expect(layout.HART_RESV_SIZE + 4).toBeLessThanOrEqual(layout.HART_TLB_FETCH);
    expect(layout.TLB_ENTRIES * layout.TLB_ENTRY_SIZE).toBe(layout.TLB_BYTES);
    expect(layout.HART_TLB_LOAD).toBe(layout.HART_TLB_FETCH + layout.TLB_BYTES);
    expect(layout.HART_TLB_STORE).toBe(layout.HART_TLB_LOAD + layout.TLB_BYTES);
    expect(layout.HART_TLB_STORE + layout.TLB_BYTES).toBeLessThanOrEqual(layout.HART_STRIDE);
  });

  it('holds only integer constants, as both compilers require', () => {
    for (const [name, value] of Object.entries(layout)) expect(Number.isInteger(value), name).toBe(true);
  });
});

describe('TTY buffers', () => {
  it('fit their stride and sit between the harts and RAM', () => {
    expect(layout.TTY_OUT_DATA + layout.TTY_OUT_SIZE).toBeLessThanOrEqual(layout.TTY_STRIDE);
    expect(layout.TTY_IN_DATA + layout.TTY_IN_SIZE).toBeLessThanOrEqual(layout.TTY_OUT_DATA);
    expect(layout.TTY_OFFSET).toBeGreaterThanOrEqual(layout.HARTS_OFFSET + layout.MAX_HARTS * layout.HART_STRIDE);
    expect(layout.TTY_OFFSET + layout.MAX_KERNELS * layout.TTY_STRIDE).toBeLessThanOrEqual(layout.RAM_OFFSET);
  });
});

describe('control, trace and ring layout', () => {
  it('keeps doorbells, the barrier and the trace rings inside the hardware block', () => {
    expect(layout.CONTROL_OFFSET).toBeGreaterThanOrEqual(layout.TTY_OFFSET + layout.MAX_KERNELS * layout.TTY_STRIDE);
    expect(layout.BARRIER_OFFSET + 64).toBeLessThanOrEqual(layout.CONTROL_OFFSET + layout.CONTROL_SIZE);
    expect(layout.PACING_OFFSET).toBeGreaterThanOrEqual(layout.BARRIER_OFFSET + layout.BARRIER_PARTIES + 4);
    expect(layout.TELEMETRY_OFFSET).toBeGreaterThanOrEqual(layout.PACING_OFFSET + layout.PACING_RUN_TO + 4);
    expect(layout.TELEMETRY_OFFSET + layout.TELEMETRY_SIZE).toBeLessThanOrEqual(
      layout.CONTROL_OFFSET + layout.CONTROL_SIZE,
    );
    expect(layout.TRACE_OFFSET + layout.MAX_KERNELS * layout.TRACE_STRIDE).toBeLessThanOrEqual(layout.RAM_OFFSET);
  });

  it('fits a message header into the first slot, payload after it', () => {
    expect(layout.SLOT_DELIVER + 8).toBeLessThanOrEqual(layout.SLOT_PAYLOAD);
    expect(layout.SLOT_PAYLOAD).toBeLessThan(layout.MSG_SLOT);
    expect(layout.RING_SLEEPERS + 4).toBeLessThanOrEqual(layout.RING_HEADER);
    expect(Math.floor(layout.RING_HEAD / 64)).not.toBe(Math.floor(layout.RING_TAIL / 64)); // no false sharing
  });
});
