// "What am I looking at": one short note per view, shown by its "?" (ViewTitle.tsx). One place
// for them, so that a lesson can quote the same words the page shows.

export const VIEW_NOTES = {
  narration:
    'The latest protocol exchange in words: a request, the messages it caused and its answer, told from the trace and the messages’ declarations, with the kernels, the page and the virtual time it took. When you move a thread, this panel and the views below follow that migration until you release them.',
  machine:
    'The emulated computer: its harts (cores) in NUMA nodes, each coloured by the kernel that owns it, and its physical memory, one private window per kernel plus the messaging window that holds the kernels’ message rings. Nothing else is shared: a kernel learns about another only from its messages.',
  threads:
    'Every thread of the machine: the dot is the kernel that created it (its origin), “runs on” is where it runs now. Moving one is Popcorn’s thread migration: the origin sends TASK_MIGRATE with its registers and keeps a proxy that serves what the thread forwards home.',
  timeline:
    'Virtual time runs left to right, one row per hart. A bar is a thread running there; a yellow arrow is a migration, from the hart the thread left to the one where it next ran. While a migration is followed the timeline holds it in view; Latest follows the clock again.',
  pages:
    'One process’s address space, page by page, coloured by which kernels hold each page and how. Its origin is every page’s home and keeps the directory of copies. A migrated thread fetches each page it touches (REMOTE_PAGE_REQUEST); a read leaves read-only copies, a write first invalidates every other copy.',
  messages:
    'Everything the kernels say to each other: one arrow per message, from the sender’s lifeline to the receiver’s, time running down. A message arrives at its modelled time (1 µs per 10 NUMA distance units, plus 1 ns per 4 bytes) but at the earliest in the epoch after the one it was sent in (an epoch is the scenario’s quantum, 100 µs unless it says less). Housekeeping (PROC_LIST, each kernel’s process list pushed to its peers; NODE_INFO at boot) can be hidden.',
  network:
    'The machine’s network: each kernel’s virtual network card and the frames on the switch between them. A card’s frames travel the message rings, one NET_FRAME message each, so they are in the message chart too. Receiving is NAPI’s: the first frame into an empty queue raises one interrupt, then the kernel polls the queue until it is empty, so a burst of frames costs one interrupt. TCP’s handshake is SYN, SYN-ACK, ACK; click a packet to see only its connection and the message in the inspector.',
  inspector:
    'Whatever you clicked, in detail: a thread’s registers, code and pages; or a message’s fields as its service declares them, what it is for, the message that answers it (or that it answers), and what it changed, when the trace shows it.',
} as const;

export type ViewName = keyof typeof VIEW_NOTES;
