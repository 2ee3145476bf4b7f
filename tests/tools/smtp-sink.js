#!/usr/bin/env node
// A test SMTP server on loopback: accepts any mail without authentication and writes each message as a .eml file.
// Usage: node smtp-sink.js <port|0> <folder>. Prints "listening on 127.0.0.1:<port>" once it accepts connections.
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const port = Number(process.argv[2] || 0);
const folder = process.argv[3];
if (!folder || !Number.isInteger(port) || port < 0) {
  console.error('usage: node smtp-sink.js <port|0> <folder>');
  process.exit(2);
}
fs.mkdirSync(folder, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      count += 1;
      const name = `${Date.now()}-${process.pid}-${String(count).padStart(4, '0')}.eml`;
      const temp = path.join(folder, name + '.part');
      // Written under a temporary name and renamed, so a reader never sees half a message.
      fs.writeFileSync(temp, Buffer.concat(chunks));
      fs.renameSync(temp, path.join(folder, name));
      console.log(`received ${name} from ${session.envelope.mailFrom && session.envelope.mailFrom.address} to ${session.envelope.rcptTo.map((r) => r.address).join(',')}`);
      callback();
    });
  },
});
server.on('error', (err) => console.error(`error ${err.message}`));
server.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.server.address().port}`));

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
