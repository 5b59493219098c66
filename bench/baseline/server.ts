import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The baseline: the least a Node HTTP server can do for the same answer. It returns one static JSON document
 * (a real device's configuration answer, read from the file given) for every request, whatever the path.
 * `node server.js <port> <document.json>`
 */
const [port, file] = process.argv.slice(2);
const body = readFileSync(file);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
