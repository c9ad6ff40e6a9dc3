// The machine's network (protocols/net/): one message carries one Ethernet frame from a
// kernel's port on the virtual switch to the port of the station it is for. Everything else
// (addresses, TCP's handshake and windows, UDP) is inside the frame, as on a real wire, so a
// capture of these messages is a capture of the LAN (pcap).

import { defineInterface } from '../messaging/interface';
import { bytes, field } from '../messaging/wire-types';
import { ETH_HEADER_BYTES, MTU } from '../../kernels/net/packets/ethernet';

export const NET_IF = defineInterface('network', 'The virtual switch between the kernels: Ethernet frames.', {
  NET_FRAME: {
    number: 2,
    doc: 'An Ethernet frame (IPv4: TCP or UDP) through the virtual switch, to the NIC of the station it is addressed to.',
    fields: {
      frame: field(bytes(ETH_HEADER_BYTES + MTU, 'the frame'), 'the Ethernet frame, headers to payload'),
    },
  },
});
