// Lesson 4 (page coherency) on the engine, without a browser: at the quantum its scenario sets,
// the two measurements its steps quote come out as its text says. pingpong's handoff costs tens
// of µs (the model's messages, not an epoch's wait), and falseshare's adjacent counters take
// longer than padded ones; the predictions score those answers from what the machine printed,
// as the page would (conditions.ts). The first step's pages (read replication) are the pages
// view's, which e2e/lessons.spec.ts checks in the page.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootMachineConsole } from '../../engine/protocols/ssi/test-machine';
import { rightAnswer, type LessonWorld } from './conditions';
import { parseLesson, type Step } from './lesson-format';

const text = readFileSync(new URL('./04-page-coherency.json', import.meta.url), 'utf8');
const scenario = JSON.parse(text) as { machine: { preset: string; quantumUs?: number } };
const lesson = parseLesson(JSON.parse(text), 3);
const steps = lesson?.steps ?? [];

function world(screen: () => string): LessonWorld {
  return {
    epochs: 0,
    threads: [],
    up: [true, true],
    output: (k) => (k === 0 ? screen() : ''),
    messages: () => 0,
    pages: () => undefined,
  };
}

describe('lesson 4, page coherency, on the engine', () => {
  it('runs at the smallest quantum of its machine, where messages arrive at their modelled time', () => {
    expect(lesson?.id).toBe(4);
    expect(scenario.machine).toEqual({ preset: 'two-kernels', quantumUs: 2 });
  });

  it('bears out the costs its steps quote', { timeout: 600_000 }, async () => {
    const c = await bootMachineConsole(scenario.machine.preset, { machine: scenario.machine, seed: 1 });
    const screen = () => c.screen(0).replace(/\r/g, '');
    const [start, handoff, falseSharing] = steps as [Step, Step, Step];
    const typed = (step: Step) => (step.action?.kind === 'type' ? step.action.text.replace(/\r$/, '') : '');

    // long enough for the pages view to see pingpong's pages while it runs (at 100 rounds it was
    // over in 4 ms of virtual time, before the page had drawn them once, one run in two)
    expect(typed(start)).toBe('pingpong 1000');
    const ping = c.command(0, typed(start));
    expect(ping).toContain('count 2000, expected 2000: ok');
    const us = Number(/([\d.]+) us per handoff/.exec(ping)?.[1]);
    expect(us).toBeGreaterThan(10);
    expect(us).toBeLessThan(100);
    expect(handoff.predict && rightAnswer(handoff.predict, world(screen))).toBe(1); // "tens of µs"

    const fs = c.command(0, typed(falseSharing));
    const ms = (label: string) => Number(new RegExp(`${label}.*ok, ([\\d.]+) ms`).exec(fs)?.[1]);
    expect(ms('adjacent')).toBeGreaterThan(ms('padded'));
    expect(falseSharing.predict && rightAnswer(falseSharing.predict, world(screen))).toBe(0); // "padded"
    console.log(`lesson 4 figures: ${us} us per handoff; adjacent ${ms('adjacent')} ms, padded ${ms('padded')} ms`);
  });
});
