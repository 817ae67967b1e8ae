import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsync a directory so that a rename or a new file inside it survives power loss. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces a file atomically and durably: write a temporary file, fsync it, rename, fsync the directory. */
export async function writeFileDurably(path: string, content: string | Buffer): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await writeFully(handle, typeof content === 'string' ? Buffer.from(content) : content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await fsyncDirectory(dirname(path));
}

/** A single write() may be short; loop until every byte is in the file. */
export async function writeFully(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}
