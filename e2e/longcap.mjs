// A capture of one SMTP conversation with as many lines as asked: the
// greeting, EHLO, then NOOP and its 250 reply again and again, QUIT. Each
// line is its own TCP segment with correct sequence numbers, in a pcap file
// (Ethernet, IPv4, TCP). For the windowed transcript's test: 100,000 lines.
import { writeFileSync } from 'node:fs';

export function longSmtp(lines) {
  const parts = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0); header.writeUInt16LE(2, 4); header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); header.writeUInt32LE(1, 20);
  parts.push(header);
  const client = [10, 0, 0, 1], server = [10, 0, 0, 2], cport = 40000, sport = 25;
  let seq = { c: 1000, s: 5000 };
  let t = 0;
  const packet = (from, flags, payload = Buffer.alloc(0)) => {
    const c = from === 'c';
    const ip = Buffer.alloc(20), tcp = Buffer.alloc(20);
    ip[0] = 0x45; ip.writeUInt16BE(40 + payload.length, 2); ip[8] = 64; ip[9] = 6;
    Buffer.from(c ? client : server).copy(ip, 12); Buffer.from(c ? server : client).copy(ip, 16);
    let sum = 0; for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16); ip.writeUInt16BE(~sum & 0xffff, 10);
    tcp.writeUInt16BE(c ? cport : sport, 0); tcp.writeUInt16BE(c ? sport : cport, 2);
    tcp.writeUInt32BE(c ? seq.c : seq.s, 4); tcp.writeUInt32BE(flags & 0x10 ? (c ? seq.s : seq.c) : 0, 8);
    tcp[12] = 0x50; tcp[13] = flags; tcp.writeUInt16BE(65535, 14);
    const eth = Buffer.from([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 8, 0]);
    const frame = Buffer.concat([eth, ip, tcp, payload]);
    const rec = Buffer.alloc(16);
    t += 1;
    rec.writeUInt32LE(1700000000 + Math.floor(t / 1000), 0); rec.writeUInt32LE((t % 1000) * 1000, 4);
    rec.writeUInt32LE(frame.length, 8); rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
    const len = payload.length + (flags & 0x03 ? 1 : 0);
    if (c) seq.c = (seq.c + len) >>> 0; else seq.s = (seq.s + len) >>> 0;
  };
  packet('c', 0x02); packet('s', 0x12); packet('c', 0x10);
  const say = (from, text) => packet(from, 0x18, Buffer.from(text + '\r\n'));
  say('s', '220 mail.example.org ESMTP Postfix');
  say('c', 'EHLO client.example.org');
  say('s', '250 mail.example.org');
  for (let n = 5; n < lines; n += 2) { say('c', 'NOOP'); say('s', '250 2.0.0 Ok'); }
  say('c', 'QUIT'); say('s', '221 2.0.0 Bye');
  packet('c', 0x11); packet('s', 0x11); packet('c', 0x10);
  return Buffer.concat(parts);
}

if (process.argv[1] && process.argv[1].endsWith('longcap.mjs')) {
  writeFileSync(process.argv[3] || 'long.pcap', longSmtp(Number(process.argv[2] || 100000)));
}
