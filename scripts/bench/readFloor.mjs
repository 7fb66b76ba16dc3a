// The floor for any Node.js scanner on a tree: walk it (skipping .git) and read every regular file once into
// a reused buffer, on one thread, doing nothing with the bytes. bench:scan prints it next to mi-scan and
// ripgrep on the real-code tree, so the distance to ripgrep is split into what Node's own start-up, walking
// and reading cost and what scanning costs.
//
//   node scripts/bench/readFloor.mjs DIR      prints "<files> files, <bytes> bytes"
import { closeSync, openSync, readSync } from 'node:fs';
import { eachFile } from './eachFile.mjs';

const buffer = Buffer.allocUnsafe(1 << 20);
let files = 0;
let bytes = 0;
eachFile(process.argv[2] ?? '.', (path) => {
  const fd = openSync(path, 'r');
  for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) bytes += n;
  closeSync(fd);
  files++;
});
console.log(`${files} files, ${bytes} bytes`);
