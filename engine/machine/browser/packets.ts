// How to read a frame on the machine's LAN, for the page's network view: the wire decoders and
// tcpdump's words as the kernels' network stack defines them (engine/kernels/net/packets/), the
// machine's addresses (lan.ts), and which station an address is. Re-exported here so that app/
// reads frames through the machine's public API, and the view and the stack cannot disagree.

export { decodeFrame, type Packet } from '../../kernels/net/packets/frame';
export { describePacket, flowOf, tcpFlagsString } from '../../kernels/net/packets/describe';
export { formatIp } from '../../kernels/net/packets/ipv4';
export { formatMac } from '../../kernels/net/packets/ethernet';
export { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../kernels/net/packets/tcp-segment';
export { SERVICE_IP, HOST_IP, stationOf } from '../../kernels/net/lan';
export { NAPI_BUDGET } from '../../kernels/net/nic';
