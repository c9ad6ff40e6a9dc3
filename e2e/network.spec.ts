// The network view on the default scenario: a TCP server on kernel 0 and a client on kernel 1
// (tcpperf's round trips); the view lists the connection's handshake (SYN, SYN-ACK, ACK) among
// the packets on the switch, filters by that connection, shows a packet's NET_FRAME message in
// the inspector, and each NIC's counters move with fewer interrupts than frames received (NAPI).
// Every wait is for a condition, never a time, so a loaded host only makes it slower.
import { expect, test, type Locator } from '@playwright/test';
import { afterScenarioTyping, openPlayground, pollFor, soon, typeInTty, waitForTty } from './helpers';

/** A NIC card's counters, from its data attributes (read at once: the card re-renders as they move). */
async function nicFigures(card: Locator) {
  return card.evaluate((el) => {
    const read = (name: string) => Number(el.getAttribute(`data-${name}`) ?? 'NaN');
    return {
      rxFrames: read('rx-frames'),
      rxInterrupts: read('rx-interrupts'),
      rxPolls: read('rx-polls'),
      txFrames: read('tx-frames'),
    };
  });
}

test.describe('network view', () => {
  test('lists a TCP handshake between two kernels, filters by its connection, and shows NAPI at work', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await openPlayground(page);
    await afterScenarioTyping(page);
    await waitForTty(page, 0, 'popcorn0:/$');
    await waitForTty(page, 1, 'popcorn1:/$');
    const view = page.getByTestId('network-view');
    await expect(view).toBeVisible({ timeout: soon() });
    await expect(view.getByTestId('packet-list')).toHaveCount(0); // nothing on the switch yet

    await typeInTty(page, 0, 'tcpperf server 7000 &\r');
    await waitForTty(page, 0, 'listening', 4 * soon());
    // the server's listener shows on kernel 0's card
    await expect(view.getByTestId('nic-0-connections')).toContainText('LISTEN', { timeout: soon() });
    await typeInTty(page, 1, 'tcpperf rtt popcorn0 7000 200\r');
    await waitForTty(page, 1, /rtt_us=[\d.]+/, 12 * soon());

    // the connection is in the list of flows; choose it
    const select = view.getByTestId('network-flow');
    const flow = await pollFor(
      async () =>
        (await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) =>
          /^tcp 10\.0\.0\.1:7000 10\.0\.0\.2:\d+$/.test(v),
        ),
      (v) => v !== undefined,
      { timeout: 2 * soon(), message: 'the connection among the flows' },
    );
    await select.selectOption(flow ?? '');
    await expect(view).toHaveAttribute('data-flow', flow ?? '');

    // its first packets: the handshake, in order, and every packet shown is of this connection
    const packets = view.getByTestId('packet-list').locator('button.packet');
    await expect(packets.first()).toBeVisible({ timeout: soon() });
    const first = await packets.evaluateAll((bs) =>
      bs.slice(0, 3).map((b) => ({ flags: b.getAttribute('data-flags'), line: b.textContent })),
    );
    expect(first.map((p) => p.flags)).toEqual(['S', 'S.', '.']);
    expect(first[0]?.line).toMatch(/1→.*0.*SYN.*10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.7000: Flags \[S\], seq \d+/);
    expect(first[1]?.line).toMatch(/0→.*1.*SYN-ACK.*10\.0\.0\.1\.7000 > 10\.0\.0\.2\.\d+: Flags \[S\.\], seq \d+, ack/);
    expect(first[2]?.line).toMatch(/10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.7000: Flags \[\.\], ack \d+/);
    const flows = await packets.evaluateAll((bs) => [...new Set(bs.map((b) => b.getAttribute('data-flow')))]);
    expect(flows).toEqual([flow]);

    // a click on the SYN shows its NET_FRAME message in the inspector, decoded
    await packets.first().click();
    await expect(packets.first()).toHaveAttribute('aria-pressed', 'true');
    const inspector = page.getByTestId('inspector-message');
    await expect(inspector).toHaveAttribute('data-type', '2');
    await expect(inspector).toContainText('NET_FRAME');
    await expect(page.getByTestId('inspector-packet')).toContainText('Flags [S]', { timeout: 2 * soon() });

    // Show all clears the filter
    await view.getByTestId('network-clear-filter').click();
    await expect(view).toHaveAttribute('data-flow', '');

    // the cards: frames both ways, and NAPI took them in with fewer interrupts than frames
    for (const k of [0, 1]) {
      const card = view.getByTestId(`nic-${k}`);
      const f = await pollFor(
        () => nicFigures(card),
        (n) => n.rxFrames >= 400 && n.txFrames >= 400,
        { timeout: 2 * soon(), message: `kernel ${k}'s card counts the round trips` },
      );
      expect(f.rxInterrupts, `kernel ${k}: some interrupts`).toBeGreaterThan(0);
      expect(f.rxInterrupts, `kernel ${k}: fewer interrupts than frames`).toBeLessThan(f.rxFrames);
      expect(f.rxPolls).toBeGreaterThanOrEqual(f.rxInterrupts);
      await expect(view.getByTestId(`nic-${k}-napi`)).toHaveText(/^[\d,]+ frames, [\d,]+ interrupts, [\d,]+ polls$/);
    }
  });
});
