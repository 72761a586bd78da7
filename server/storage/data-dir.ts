import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes sure `location` is a folder this process can write, or throws an error whose message
 * names the real cause. Node's recursive mkdir reports ENOENT for a folder it cannot create on a
 * read-only file system, and LevelDB then fails on its lock file; either way an operator was told
 * the wrong thing. Creating one level at a time and asking for write access says EROFS, EACCES
 * or ENOTDIR where that is the cause.
 */
export async function ensureWritableFolder(location: string): Promise<void> {
  try {
    await createMissing(location);
    await access(location, constants.W_OK);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot keep the database in ${location}: ${cause}`, { cause: error });
  }
}

async function createMissing(location: string): Promise<void> {
  if (await exists(location)) return;
  const parent = dirname(location);
  if (parent !== location) await createMissing(parent);
  try {
    await mkdir(location);
  } catch (error) {
    // Another process may have made it meanwhile; anything else is the answer.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
