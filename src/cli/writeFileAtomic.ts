import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorMessage, ToolError } from '../core/errors';

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so readers see the
 * old file or the whole new one, never a half-written one. On failure the temporary file is removed and
 * a `ToolError` with a one-line message is thrown. Devices and FIFOs (`--output /dev/null`) are written
 * in place.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  // /dev/null, /dev/stdout, a FIFO: renaming over them would replace the device node, so write in place.
  const existing = await fsp.stat(file).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    try {
      await fsp.writeFile(file, text, 'utf8');
      return;
    } catch (error) {
      throw new ToolError('unavailable', `cannot write ${file}: ${errorMessage(error)}`, error);
    }
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temporary, file);
  } catch (error) {
    await fsp.rm(temporary, { force: true }).catch(() => undefined);
    throw new ToolError('unavailable', `cannot write ${file}: ${errorMessage(error)}`, error);
  }
}
