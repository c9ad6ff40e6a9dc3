// An epoll instance (Linux's struct eventpoll): the descriptors a program registered, each
// with the events it wants and the 64 bits it gets back, and what epoll_wait reports of them.
// Level-triggered entries are reported while they are ready. An edge-triggered one (EPOLLET)
// is reported once per change: every entry leaves a watcher on its file's wait queues, and
// whatever wakes those (data arrived, room was made, the peer went) re-arms it. EPOLLONESHOT
// disables an entry once reported, until EPOLL_CTL_MOD. An entry goes when its description's
// last descriptor closes, as Linux's do.

import type { Kernel } from '../kernel';
import { WaitQueue } from '../proc/wait-queue';
import { type FileOps, OpenFile, O_RDWR } from './file';
import { type PollState, type Poller, wakeFile, watch } from './poll-wait';

export const EPOLLIN = 0x1;
export const EPOLLOUT = 0x4;
export const EPOLLERR = 0x8;
export const EPOLLHUP = 0x10;
export const EPOLLRDNORM = 0x40;
export const EPOLLWRNORM = 0x100;
export const EPOLLRDHUP = 0x2000;
export const EPOLLEXCLUSIVE = 1 << 28;
export const EPOLLONESHOT = 1 << 30;
export const EPOLLET = 1 << 31;

/** One registered descriptor. */
export interface Interest {
  readonly fd: number;
  readonly file: OpenFile;
  events: number;
  data: bigint;
  /** EPOLLET: something happened since it was last reported. */
  armed: boolean;
  /** EPOLLONESHOT: reported, and off until EPOLL_CTL_MOD. */
  disabled: boolean;
  /** Left on the file's queues while registered (re-arms an edge-triggered entry). */
  readonly watcher: Poller;
}

/** A ready entry as epoll_wait reports it. */
export interface Ready {
  interest: Interest;
  events: number;
}

export class EventPoll {
  /**
   * Registered descriptors, in the order they were added (the order they are reported in),
   * each named by its descriptor and description together as Linux's (a descriptor closed and
   * reused for another file is another entry).
   */
  interests: Interest[] = [];
  /** Woken when an entry may have become ready: waiting epoll_wait calls look again. */
  readonly changed = new WaitQueue('epoll');
  open = true;

  /** The entry for descriptor `fd` of description `file`, if registered. */
  get(fd: number, file: OpenFile): Interest | undefined {
    return this.interests.find((i) => i.fd === fd && i.file === file);
  }

  add(k: Kernel, fd: number, file: OpenFile, events: number, data: bigint): void {
    const interest: Interest = {
      fd,
      file,
      events,
      data,
      armed: true,
      disabled: false,
      watcher: {
        active: () => this.open && this.interests.includes(interest),
        check: () => {
          interest.armed = true;
          wakeFile(k, this.changed);
        },
      },
    };
    this.interests.push(interest);
    this.watchFile(interest);
    wakeFile(k, this.changed);
  }

  modify(k: Kernel, interest: Interest, events: number, data: bigint): void {
    interest.events = events;
    interest.data = data;
    interest.armed = true;
    interest.disabled = false;
    wakeFile(k, this.changed);
  }

  remove(interest: Interest): void {
    this.interests = this.interests.filter((i) => i !== interest);
  }

  /**
   * The entries ready now, at most `max`, with their events; `take` applies what reporting them
   * does (edge-triggered ones disarm, one-shot ones switch off) once they are delivered.
   */
  ready(max: number, stateOf: (file: OpenFile) => PollState | undefined): { ready: Ready[]; take: () => void } {
    const ready: Ready[] = [];
    for (const interest of [...this.interests]) {
      if (interest.file.refs <= 0) {
        this.remove(interest); // its last descriptor closed
        continue;
      }
      this.watchFile(interest); // a socket's queues change as it connects
      if (interest.disabled || ready.length >= max) continue;
      const state = stateOf(interest.file);
      let events = 0;
      if (!state || state.readable) events |= EPOLLIN | EPOLLRDNORM;
      if (!state || state.writable) events |= EPOLLOUT | EPOLLWRNORM;
      if (state?.readHangup) events |= EPOLLRDHUP;
      if (state?.hangup) events |= EPOLLHUP;
      if (state?.error) events |= EPOLLERR;
      events &= interest.events | EPOLLERR | EPOLLHUP; // these two are always reported
      if (events === 0 || (interest.events & EPOLLET && !interest.armed)) continue;
      ready.push({ interest, events });
    }
    return {
      ready,
      take: () => {
        for (const { interest } of ready) {
          if (interest.events & EPOLLET) interest.armed = false;
          if (interest.events & EPOLLONESHOT) interest.disabled = true;
        }
      },
    };
  }

  private watchFile(interest: Interest): void {
    const state = interest.file.ops.poll?.(interest.file);
    if (!state) return;
    for (const q of [state.queue, ...(state.more ?? [])]) watch(q, interest.watcher);
  }
}

const instances = new WeakMap<OpenFile, EventPoll>();

/** The epoll instance `file` is, if it is one. */
export function eventPollOf(file: OpenFile | undefined): EventPoll | undefined {
  return file && instances.get(file);
}

const eventPollOps: FileOps = {
  // an epoll descriptor is itself readable while one of its entries is ready (nested epoll, poll)
  poll(file) {
    const ep = instances.get(file) as EventPoll;
    const { ready } = ep.ready(1, (f) => f.ops.poll?.(f));
    return { readable: ready.length > 0, writable: false, queue: ep.changed };
  },
  release(file) {
    const ep = instances.get(file);
    if (ep) ep.open = false;
  },
};

/** A new epoll instance and its description (an anonymous inode, as Linux's anon_inode:[eventpoll]). */
export function openEventPoll(k: Kernel): { ep: EventPoll; file: OpenFile } {
  const ep = new EventPoll();
  const file = new OpenFile(k.vfs.newInode('anon', 0o600), eventPollOps, O_RDWR, 'anon_inode:[eventpoll]');
  instances.set(file, ep);
  return { ep, file };
}
