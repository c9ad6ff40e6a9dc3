// The scenario editor's form: every shipped scenario (and every kind of field) survives the trip
// form and back unchanged; the edits split machines as they say; bad values give messages that
// say what is wrong, next to the right field; the draft keeps the form and the JSON in step.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/machine/scenario';
import { CATALOGUE, entryOf } from './catalogue';
import { draftOf, judge, withJsonText } from './draft';
import { addAction, addProgram, removeProgram, splitEvenly, withAction, withKernelCount, withMode } from './form-edits';
import { validateForm } from './form-validation';
import { formFromJson, formToJson, type ScenarioForm } from './scenario-form';

const SCENARIOS = join(import.meta.dirname, '../../engine/machine/scenarios');
const shipped = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, text: readFileSync(join(SCENARIOS, f), 'utf8') }));

/** The same run: what parseScenario makes of both is equal. */
function sameRun(a: unknown, b: unknown): void {
  expect(parseScenario(JSON.stringify(a))).toEqual(parseScenario(JSON.stringify(b)));
}

const twoKernels = (): ScenarioForm =>
  formFromJson(JSON.parse(readFileSync(join(SCENARIOS, 'two-kernels.json'), 'utf8')));
const messages = (form: ScenarioForm) => Object.fromEntries(validateForm(form).map((e) => [e.field, e.message]));

describe('round trips', () => {
  it('finds the shipped scenarios', () => {
    expect(shipped.map((s) => s.file)).toContain('two-kernels.json');
  });

  it.each(shipped)('$file goes to the form and back unchanged', ({ text }) => {
    const json: unknown = JSON.parse(text);
    const form = formFromJson(json);
    expect(validateForm(form)).toEqual([]);
    expect(formToJson(form)).toEqual(json);
    expect(judge(draftOf(form)).json).toEqual(json);
    expect(JSON.parse(draftOf(form).jsonText)).toEqual(json);
  });

  it('keeps a custom partition, a topology, every action kind and the options', () => {
    const json = {
      version: 1,
      name: 'everything',
      machine: {
        topology: { nodes: 3, hartsPerNode: 2, ramMiB: 768 },
        kernels: [
          { harts: [0, 1, 2], memoryBaseMiB: 4, memoryMiB: 200 },
          { harts: [5, 3], memoryBaseMiB: 300, memoryMiB: 100 },
        ],
      },
      seed: 7,
      ringSlots: 512,
      shells: false,
      programs: [{ kernel: 1, argv: ['sh', '-c', 'echo two words'], at: 1500 }],
      actions: [
        { at: 0, kind: 'start', kernel: 0, argv: ['counter', '20', '2'] },
        { at: 1, kind: 'kill', kernel: 1, pid: 4, signal: 9 },
        { at: 2, kind: 'type', kernel: 0, text: 'ps\r\x03\\' },
        { at: 3, kind: 'boot', kernel: 1 },
        { at: 4, kind: 'stop', kernel: 1 },
        { at: 5, kind: 'migrate', kernel: 0, pid: 3 },
        { at: 6, kind: 'migrate', kernel: 0, pid: 3, to: 1 },
      ],
    };
    const form = formFromJson(json);
    expect(form.mode).toBe('custom');
    expect(form.kernels[1]?.harts).toBe('5,3');
    expect(form.actions[2]?.text).toBe('ps\\r\\x03\\\\');
    expect(validateForm(form)).toEqual([]);
    expect(formToJson(form)).toEqual(json);
  });

  it('fills in the defaults a scenario leaves out, for the same run', () => {
    const json = { machine: { preset: 'kernel-per-node', topology: { nodes: 4, hartsPerNode: 1, ramMiB: 256 } } };
    const form = formFromJson(json);
    expect(form).toMatchObject({ name: 'untitled', seed: '1', shells: true, nodes: '4', ramMiB: '256' });
    sameRun(formToJson(form), { ...json, name: 'untitled' });
    sameRun(formToJson(formFromJson({ version: 1, actions: [{ kind: 'kill', pid: 2 }] })), {
      version: 1,
      name: 'untitled',
      actions: [{ kind: 'kill', pid: 2 }],
    });
  });

  it('keeps the description and keys it has no field for', () => {
    const json = {
      version: 1,
      name: 'n',
      description: 'what it shows',
      machine: { preset: 'smp' },
      seed: 1,
      later: [1],
    };
    expect(formFromJson(json).description).toBe('what it shows');
    expect(formToJson(formFromJson(json))).toEqual(json);
  });

  it('keeps the protocol faults a scenario switches on, and leaves out none', () => {
    const json = {
      version: 1,
      name: 'n',
      machine: { preset: 'two-kernels' },
      seed: 1,
      faults: ['drop-remote-futex-wake', 'skip-write-invalidation'],
    };
    const form = formFromJson(json);
    expect(form.faults).toEqual(['skip-write-invalidation', 'drop-remote-futex-wake']); // the catalogue's order
    expect(parseScenario(JSON.stringify(formToJson(form))).faults).toEqual(form.faults);
    expect(formToJson({ ...form, faults: [] })).not.toHaveProperty('faults');
  });

  it('leaves out recorded inputs: an edited scenario starts afresh', () => {
    const json = {
      ...(JSON.parse(shipped[0]?.text ?? '{}') as object),
      inputs: [{ epoch: 3, kernel: 0, text: 'ls\r' }],
      sharedAt: { epoch: 9, hash: '0123456789abcdef' },
    };
    expect(formToJson(formFromJson(json))).not.toHaveProperty('inputs');
    expect(formToJson(formFromJson(json))).not.toHaveProperty('sharedAt');
  });
});

describe('edits', () => {
  it('switching to custom starts from the preset’s partition', () => {
    const custom = withMode(twoKernels(), 'custom');
    expect(custom.kernels.map((k) => k.harts)).toEqual(['0,1', '2,3']);
    expect(custom.kernelCount).toBe('2');
    expect(validateForm(custom)).toEqual([]);
    const preset = parseScenario(shipped.find((s) => s.file === 'two-kernels.json')?.text ?? '');
    expect(parseScenario(JSON.stringify(formToJson(custom))).machine).toEqual(preset.machine);
  });

  it('a kernel count splits harts and RAM evenly', () => {
    const three = withKernelCount(withMode(twoKernels(), 'custom'), '3');
    expect(three.kernels).toEqual([
      { harts: '0,1', memoryBaseMiB: '4', memoryMiB: '169' },
      { harts: '2', memoryBaseMiB: '173', memoryMiB: '169' },
      { harts: '3', memoryBaseMiB: '342', memoryMiB: '169' },
    ]);
    expect(judge(draftOf(three)).json).toBeDefined();
    expect(parseScenario(JSON.stringify(formToJson(three))).machine.kernels).toHaveLength(3);
  });

  it('a count the machine cannot have is kept as typed, with a message, and the kernels stay', () => {
    const custom = withMode(twoKernels(), 'custom');
    for (const count of ['0', '5', 'x', '']) {
      const form = withKernelCount(custom, count);
      expect(form.kernels).toEqual(custom.kernels);
      expect(messages(form).kernelCount).toBe('must be a whole number from 1 to 4');
      expect(judge(draftOf(form)).json).toBeUndefined();
    }
  });

  it('after the machine grows, Split evenly spreads the kernels over it', () => {
    const grown = { ...withKernelCount(withMode(twoKernels(), 'custom'), '2'), nodes: '4' };
    expect(splitEvenly(grown).kernels.map((k) => k.harts)).toEqual(['0-3', '4-7']);
  });

  it('adds and removes rows', () => {
    const form = addProgram(twoKernels());
    expect(form.programs).toHaveLength(2);
    const last = form.programs[1];
    expect(removeProgram(form, last?.id ?? -1).programs).toHaveLength(1);
    const acted = addAction(form);
    expect(acted.actions.at(-1)).toMatchObject({ atMs: '6', kind: 'type', kernel: '0' });
  });
});

describe('validation', () => {
  const form = twoKernels();

  it('says what is wrong with each bad value, next to its field', () => {
    expect(messages({ ...form, name: ' ' }).name).toBe('give the scenario a name');
    expect(messages({ ...form, seed: '-3' }).seed).toBe('must be a whole number from 0 to 2147483648');
    expect(messages({ ...form, ringSlots: '300' }).ringSlots).toBe(
      'must be a power of two from 128 to 65536, or empty',
    );
    expect(messages({ ...form, nodes: '0' }).nodes).toBe('must be a whole number from 1 to 64');
    expect(messages({ ...form, nodes: '8', hartsPerNode: '16' }).hartsPerNode).toBe(
      '8 nodes of 16 harts make 128 harts; at most 64 are supported',
    );
    expect(messages({ ...form, ramMiB: '16' }).ramMiB).toBe('must be a whole number from 32 to 3072');
    expect(messages({ ...form, preset: 'smp' })['programs.0.kernel']).toBe(
      'there is no kernel 1 (the kernels are 0 to 0)',
    );
  });

  it('takes a quantum from the smallest link latency to one slice, or empty for the default', () => {
    // two-kernels: a kernel on each of two NUMA nodes 20 apart, so nothing arrives sooner than 2 us
    const tooShort =
      'must be a whole number of µs from 2 to 100: no message between two of its kernels arrives in less than 2 µs, or empty for 100';
    expect(messages({ ...form, quantumUs: '' }).quantumUs).toBeUndefined();
    expect(messages({ ...form, quantumUs: '2' }).quantumUs).toBeUndefined();
    expect(messages({ ...form, quantumUs: '100' }).quantumUs).toBeUndefined();
    expect(messages({ ...form, quantumUs: '1' }).quantumUs).toBe(tooShort);
    expect(messages({ ...form, quantumUs: '101' }).quantumUs).toBe(tooShort);
    expect(messages({ ...form, quantumUs: '2.5' }).quantumUs).toBe(tooShort);
    // kernels sharing a node are 1 us apart; so is a custom partition that puts two there
    const perHart = { ...form, preset: 'kernel-per-hart' as const };
    expect(messages({ ...perHart, quantumUs: '1' }).quantumUs).toBeUndefined();
    expect(messages({ ...perHart, quantumUs: '0' }).quantumUs).toBe(
      'must be a whole number of µs from 1 to 100, or empty for 100',
    );
    const custom = withMode({ ...form, quantumUs: '1' }, 'custom');
    expect(messages(custom).quantumUs).toBe(tooShort);
    expect(messages(withKernelCount(custom, '4')).quantumUs).toBeUndefined();
  });

  it('writes the quantum into the machine, and reads it back', () => {
    const json = formToJson({ ...form, quantumUs: '20' });
    expect(json.machine).toMatchObject({ preset: 'two-kernels', quantumUs: 20 });
    expect(parseScenario(JSON.stringify(json)).machine.quantumUs).toBe(20);
    expect(formFromJson(json).quantumUs).toBe('20');
    expect(formToJson(form).machine).not.toHaveProperty('quantumUs');
    const custom = withMode({ ...form, quantumUs: '5' }, 'custom');
    expect(formToJson(custom).machine).toMatchObject({ quantumUs: 5 });
  });

  it('checks programs and actions', () => {
    const program = form.programs[0];
    const action = form.actions[0];
    if (!program || !action) throw new Error('the default scenario has a program and an action');
    const bad = {
      ...form,
      programs: [{ ...program, command: '', atMs: '1.5.2' }],
    };
    expect(messages(bad)['programs.0.command']).toBe('needs a program and its arguments, like counter 20 2');
    expect(messages(bad)['programs.0.atMs']).toBe('must be a time in ms, like 0, 1 or 2.5 (to 6 decimals: 1 ns)');
    const kill = withAction(form, action.id, { kind: 'kill', pid: '0', signal: '99' });
    expect(messages(kill)['actions.0.pid']).toBe('must be a process id: a whole number, 1 or more');
    expect(messages(kill)['actions.0.signal']).toBe('must be a whole number from 1 to 64');
    const migrate = withAction(form, action.id, { kind: 'migrate', pid: '3', to: '2' });
    expect(messages(migrate)['actions.0.to']).toBe('there is no kernel 2 (the kernels are 0 to 1)');
    expect(messages(withAction(form, action.id, { text: 'x\\y' }))['actions.0.text']).toMatch(/unknown escape \\y/);
    // a kind's unused fields do not count
    expect(validateForm(withAction(form, action.id, { kind: 'boot', pid: 'junk' }))).toEqual([]);
  });

  it('refuses a program that is not in /bin before Apply, and names the ones that are', () => {
    const program = form.programs[0];
    const action = form.actions[0];
    if (!program || !action) throw new Error('the default scenario has a program and an action');
    const missing = { ...form, programs: [{ ...program, command: 'nosuchprog 3' }] };
    expect(messages(missing)['programs.0.command']).toMatch(
      /^nosuchprog is not in \/bin: the programs in \/bin are .*\bbusy\b/,
    );
    expect(judge(draftOf(missing)).json).toBeUndefined();
    const start = withAction(form, action.id, { kind: 'start', command: '/bin/nosuchprog' });
    expect(messages(start)['actions.0.command']).toMatch(/^\/bin\/nosuchprog does not exist: /);
    // the same mistake typed as JSON is caught as well
    const json = { ...formToJson(form), programs: [{ kernel: 1, argv: ['nosuchprog'] }] };
    const verdict = judge(withJsonText(draftOf(form), JSON.stringify(json)));
    expect(verdict.fields.map((e) => e.field)).toEqual(['programs.0.command']);
    expect(verdict.json).toBeUndefined();
  });

  it('checks a custom partition kernel by kernel', () => {
    const custom = withMode(form, 'custom');
    const edit = (i: number, patch: object): ScenarioForm => ({
      ...custom,
      kernels: custom.kernels.map((k, j) => (j === i ? { ...k, ...patch } : k)),
    });
    expect(messages(edit(1, { harts: '2,4' }))['kernels.1.harts']).toBe(
      'hart 4 does not exist: the machine has harts 0 to 3',
    );
    expect(messages(edit(1, { harts: '1,2' }))['kernels.1.harts']).toBe('hart 1 is also in kernel 0');
    expect(messages(edit(0, { harts: '0,0' }))['kernels.0.harts']).toBe('names hart 0 twice');
    expect(messages(edit(0, { harts: 'zero' }))['kernels.0.harts']).toBe(
      '"zero" is not a hart number or a range like 2-3',
    );
    expect(messages(edit(1, { memoryMiB: '300' }))['kernels.1.memoryMiB']).toBe(
      'ends at 558 MiB, past the end of RAM (512 MiB)',
    );
    expect(messages(edit(1, { memoryBaseMiB: '100' }))['kernels.1.memoryBaseMiB']).toBe(
      "overlaps kernel 0's memory (4 to 258 MiB)",
    );
    expect(messages(edit(0, { memoryBaseMiB: '0' }))['kernels.0.memoryBaseMiB']).toBe(
      'must be a whole number from 4 to 4096: the message rings use the first 4 MiB',
    );
    expect(messages(edit(0, { memoryMiB: '8' }))['kernels.0.memoryMiB']).toBe(
      'must be a whole number from 16 to 4096: a kernel needs 16 MiB',
    );
  });

  it('reads a RAM of more than 2 GiB whole, not as a negative 32-bit number', () => {
    const big = { ...withMode(form, 'custom'), ramMiB: '3072' };
    const second = (patch: object): ScenarioForm => ({
      ...big,
      kernels: big.kernels.map((k, j) => (j === 1 ? { ...k, ...patch } : k)),
    });
    expect(messages(second({ memoryBaseMiB: '2048', memoryMiB: '512' }))['kernels.1.memoryMiB']).toBeUndefined();
    expect(messages(second({ memoryBaseMiB: '3000', memoryMiB: '100' }))['kernels.1.memoryMiB']).toBe(
      'ends at 3100 MiB, past the end of RAM (3072 MiB)',
    );
  });

  it('a bad field also makes the JSON one parseScenario rejects, so nothing bad is applied', () => {
    const verdict = judge(draftOf({ ...form, seed: 'lucky' }));
    expect(verdict.fields.map((e) => e.label)).toEqual(['Seed']);
    expect(verdict.scenario).toBe('seed must be a whole number from 0 to 2147483648');
    expect(verdict.json).toBeUndefined();
  });
});

describe('the draft', () => {
  it('editing the JSON updates the form once it is a good scenario', () => {
    const draft = draftOf(twoKernels());
    const renamed = withJsonText(draft, draft.jsonText.replace('"two-kernels",', '"renamed",'));
    expect(renamed.jsonError).toBeUndefined();
    expect(renamed.form.name).toBe('renamed');
    expect(judge(renamed).json).toMatchObject({ name: 'renamed' });
  });

  it('writes JSON as the shipped files are: what fits on a line on one line', () => {
    const text = draftOf(withMode(twoKernels(), 'custom')).jsonText;
    expect(text).toContain('{ "harts": [0, 1], "memoryBaseMiB": 4, "memoryMiB": 254 }');
    expect(text).toContain('{ "at": 3000000, "kind": "type", "kernel": 0, "text": "ps\\r" }');
    expect(JSON.parse(text)).toEqual(formToJson(withMode(twoKernels(), 'custom')));
  });

  it('bad JSON keeps the form as it was and is the verdict', () => {
    const draft = draftOf(twoKernels());
    const broken = withJsonText(draft, '{"version": 1,');
    expect(broken.form).toBe(draft.form);
    expect(broken.jsonText).toBe('{"version": 1,');
    expect(judge(broken).scenario).toMatch(/^not valid JSON: /);
    expect(judge(broken).json).toBeUndefined();
    const unknown = withJsonText(draft, '{"version":1,"machine":{"preset":"<b>big</b>"}}');
    expect(judge(unknown).scenario).toBe(
      'machine.preset must be one of smp, two-kernels, kernel-per-hart, kernel-per-node (got "<b>big</b>")',
    );
  });
});

describe('the preset chooser’s catalogue', () => {
  it('offers every shipped scenario, labelled with what it boots', () => {
    const keys = CATALOGUE.map((e) => e.key);
    expect(keys.slice(0, 4)).toEqual(['smp', 'two-kernels', 'kernel-per-hart', 'kernel-per-node']);
    expect([...keys].sort()).toEqual(shipped.map((s) => s.file.replace('.json', '')).sort());
    expect(CATALOGUE.map((e) => e.label)).toContain('two-kernels: 2 kernels on 4 harts');
    expect(CATALOGUE.map((e) => e.label)).toContain('smp: 1 kernel on 4 harts');
  });

  it('knows which entry a running scenario is, typing aside', () => {
    const text = shipped.find((s) => s.file === 'smp.json')?.text ?? '';
    const typed = { ...(JSON.parse(text) as object), inputs: [{ epoch: 1, kernel: 0, text: 'x' }] };
    expect(entryOf(parseScenario(JSON.stringify(typed)))?.key).toBe('smp');
    expect(entryOf(parseScenario(JSON.stringify({ ...typed, seed: 2 })))).toBeUndefined();
  });
});
