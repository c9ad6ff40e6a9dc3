// The network view: each kernel's virtual NIC (its address, its receive queue now and at its
// peak, the frames it took in against the interrupts and polls that took them, so NAPI's
// mitigation shows; what it sent and received; its drops by reason) and its TCP connections
// with their states; below, the packets on the switch, each in tcpdump's words with the kernels
// it went between and its virtual time, filterable by connection. A packet is one NET_FRAME
// message: clicking one shows that connection only and the message in the inspector, as the
// message chart does. Everything comes from the kernels' view boards in shared memory, read in
// the frame loop (LiveNetwork), never by postMessage.

import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ViewNic } from '../../engine/machine/browser/kernel-view';
import { EV, MSG, NO_HART } from '../../engine/machine/browser/trace-events';
import { formatMac, NAPI_BUDGET } from '../../engine/machine/browser/packets';
import type { MachineFrames } from '../machine/frames';
import { kernelColour } from '../machine-view/layout';
import { ViewTitle } from '../narration/ViewTitle';
import { usePlayground } from '../store';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';
import { LiveNetwork } from './live-network';
import {
  addressName,
  connectionEnds,
  connectionFlow,
  dropsLine,
  formatBytes,
  framesPerInterrupt,
  napiLine,
} from './nic-figures';
import { filterPackets, flowsOf, segmentRole, shownPackets, type PacketRow } from './packet-log';
import './network-view.css';

function Swatch({ k }: { k: number }) {
  return <span className="swatch" style={{ background: kernelColour(k) }} aria-hidden="true" />;
}

function NicCard({
  k,
  nic,
  kernels,
  flow,
  onFlow,
}: {
  k: number;
  nic: ViewNic | undefined;
  kernels: number;
  flow: string | undefined;
  onFlow: (flow: string | undefined) => void;
}) {
  if (!nic)
    return (
      <article className="nic-card" data-testid={`nic-${k}`} style={{ borderTopColor: kernelColour(k) }}>
        <h3>
          <Swatch k={k} /> kernel {k}
        </h3>
        <p className="muted">No card published: the kernel has not booted, or is down.</p>
      </article>
    );
  const perInterrupt = framesPerInterrupt(nic);
  return (
    <article
      className="nic-card"
      data-testid={`nic-${k}`}
      data-rx-frames={nic.rxFrames}
      data-rx-interrupts={nic.rxInterrupts}
      data-rx-polls={nic.rxPolls}
      data-tx-frames={nic.txFrames}
      style={{ borderTopColor: kernelColour(k) }}
    >
      <h3>
        <Swatch k={k} /> kernel {k} <span className="mono muted">{addressName(nic.ip, kernels)}</span>
      </h3>
      <dl className="nic-figures">
        <dt>MAC</dt>
        <dd className="mono">{formatMac(nic.mac)}</dd>
        <dt>received</dt>
        <dd>
          <span className="mono" data-testid={`nic-${k}-napi`}>
            {napiLine(nic)}
          </span>
          {perInterrupt && <span className="muted"> · {perInterrupt} frames per interrupt</span>} ·{' '}
          {formatBytes(nic.rxBytes)}
        </dd>
        <dt>sent</dt>
        <dd>
          <span className="mono">{nic.txFrames.toLocaleString('en')} frames</span> · {formatBytes(nic.txBytes)}
        </dd>
        <dt>rx queue</dt>
        <dd className="mono">
          {nic.rxQueue} now · peak {nic.rxQueuePeak}
        </dd>
        <dt>drops</dt>
        <dd className={nic.drops.length > 0 ? 'nic-drops' : 'muted'}>{dropsLine(nic.drops)}</dd>
      </dl>
      {nic.connections.length > 0 ? (
        <table className="conn-table" data-testid={`nic-${k}-connections`}>
          <thead>
            <tr>
              <th scope="col">local</th>
              <th scope="col">remote</th>
              <th scope="col">state</th>
            </tr>
          </thead>
          <tbody>
            {nic.connections.map((c) => {
              const ends = connectionEnds(c);
              const f = connectionFlow(c);
              return (
                <tr key={`${ends.local}>${ends.remote}:${c.state}`} className={f && f === flow ? 'selected' : ''}>
                  <td className="mono">{ends.local}</td>
                  <td className="mono">{ends.remote}</td>
                  <td>
                    {f ? (
                      <button
                        type="button"
                        className={`conn-state state-${c.state.toLowerCase()}`}
                        title="Show this connection’s packets only"
                        onClick={() => {
                          onFlow(f === flow ? undefined : f);
                        }}
                      >
                        {c.state}
                      </button>
                    ) : (
                      <span className="conn-state state-listen">{c.state}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted conn-none">No TCP connection or listener through the card.</p>
      )}
    </article>
  );
}

function PacketItem({
  row,
  selected,
  onPick,
}: {
  row: PacketRow;
  selected: boolean;
  onPick: (row: PacketRow) => void;
}) {
  const role = segmentRole(row.flags);
  return (
    <li className={selected ? 'selected' : ''}>
      <button
        type="button"
        className="packet"
        aria-pressed={selected}
        data-flags={row.flags}
        data-flow={row.flow ?? ''}
        title="Show this connection only, and this NET_FRAME message in the inspector"
        onClick={() => {
          onPick(row);
        }}
      >
        <span className="packet-time mono">{formatVirtualTime(row.sentAt, EVENT_TIME_NS)}</span>
        <span className="packet-route mono">
          <Swatch k={row.from} />
          {row.from}→<Swatch k={row.to} />
          {row.to}
        </span>
        {role && <span className={`packet-role role-${role.toLowerCase()}`}>{role}</span>}
        <span className="packet-line mono">{row.line}</span>
      </button>
    </li>
  );
}

export function NetworkView({ frames }: { frames: MachineFrames }) {
  const kernels = frames.machine.scenario.machine.kernels.length;
  const live = useMemo(() => new LiveNetwork(frames), [frames]);
  useEffect(() => live.attach(), [live]);
  const snap = useSyncExternalStore(live.subscribe, live.getSnapshot);
  const [flow, setFlow] = useState<string | undefined>(undefined);
  const selectedMessage = usePlayground((s) => s.selectedMessage);
  const selectMessage = usePlayground((s) => s.selectMessage);
  const selectedKey =
    selectedMessage?.kind === EV.MSG_SEND && selectedMessage.a === MSG.NET_FRAME
      ? `${selectedMessage.kernel}:${selectedMessage.b}:${selectedMessage.tid}`
      : undefined;

  // the list as of the snapshot React was told of (a new array whenever it changed)
  const rows = useMemo(() => (snap.version >= 0 ? live.log.list() : []), [live, snap.version]);
  const flows = useMemo(() => flowsOf(rows), [rows]);
  const shown = useMemo(() => shownPackets(rows, flow), [rows, flow]);
  const pick = (row: PacketRow) => {
    if (row.flow) setFlow(row.flow);
    // the NET_FRAME message, as the message chart selects it (its send event)
    selectMessage({
      kind: EV.MSG_SEND,
      kernel: row.from,
      time: row.sentAt,
      hart: NO_HART,
      pid: 0,
      tid: row.seq,
      a: MSG.NET_FRAME,
      b: row.to,
      c: row.deliverAt,
    });
  };

  // the list follows the latest packet while it is scrolled to its end
  const list = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = list.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  const filtered = flow !== undefined;
  return (
    <section
      className="panel network-view"
      aria-label="network"
      data-testid="network-view"
      data-packets={rows.length}
      data-shown={shown.head.length + shown.tail.length}
      data-flow={flow ?? ''}
    >
      <ViewTitle view="network">Network</ViewTitle>
      <p className="caption">
        Every kernel is a host on one Ethernet: kernel K is popcornK at 10.0.0.(K+1), and 10.0.0.100 (popcorn) is the
        machine’s service address, balanced over the kernels. A frame a card sends crosses the message rings as one
        NET_FRAME message. A card interrupts once per burst and then polls up to {NAPI_BUDGET} frames at a time until
        its queue is empty (NAPI), so under load it takes many frames per interrupt.
      </p>
      <div className="nic-cards">
        {snap.nics.map((nic, k) => (
          <NicCard key={k} k={k} nic={nic} kernels={kernels} flow={flow} onFlow={setFlow} />
        ))}
      </div>
      <h2 className="subhead">Packets on the switch · latest at the bottom</h2>
      <div className="packet-toolbar">
        <label>
          connection{' '}
          <select
            value={flow ?? ''}
            data-testid="network-flow"
            onChange={(e) => {
              setFlow(e.target.value === '' ? undefined : e.target.value);
            }}
          >
            <option value="">all ({rows.length})</option>
            {flow !== undefined && !flows.some((f) => f.flow === flow) && <option value={flow}>{flow} (0)</option>}
            {flows.map((f) => (
              <option key={f.flow} value={f.flow}>
                {f.flow} ({f.packets})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="network-clear-filter"
          disabled={!filtered}
          onClick={() => {
            setFlow(undefined);
          }}
        >
          Show all
        </button>
        <button
          type="button"
          data-testid="network-clear-list"
          disabled={rows.length === 0}
          onClick={() => {
            live.clear();
          }}
        >
          Clear list
        </button>
        <span className="muted packet-count" role="status">
          {filtered ? `${filterPackets(rows, flow).length} of ${rows.length}` : rows.length} packets
          {snap.missed > 0 &&
            ` · ${snap.missed.toLocaleString('en')} not listed (sent faster than the page reads: each kernel shows its latest 16 KiB of frames, small ones first)`}
        </span>
      </div>
      {shown.head.length + shown.tail.length === 0 ? (
        <p className="muted packet-empty">
          {rows.length === 0 ? (
            <>
              No packet on the switch yet. Try <code>tcpperf server 7000 &amp;</code> on kernel 0, then{' '}
              <code>tcpperf rtt popcorn0 7000 200</code> on kernel 1.
            </>
          ) : (
            'No packet of this connection is kept.'
          )}
        </p>
      ) : (
        <ol
          className="packet-list"
          ref={list}
          data-testid="packet-list"
          onScroll={(e) => {
            const el = e.currentTarget;
            atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
          }}
        >
          {shown.head.map((row) => (
            <PacketItem key={row.key} row={row} selected={row.key === selectedKey} onPick={pick} />
          ))}
          {shown.hidden > 0 && (
            <li className="packet-gap muted" data-testid="packet-gap">
              … {shown.hidden.toLocaleString('en')} packets kept but not shown
              {flow === undefined ? ' (choose a connection to see its first ones)' : ''} …
            </li>
          )}
          {shown.tail.map((row) => (
            <PacketItem key={row.key} row={row} selected={row.key === selectedKey} onPick={pick} />
          ))}
        </ol>
      )}
    </section>
  );
}
