import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.ts';

/**
 * A real, small filesystem (tmpfs of a few MiB) a test can fill to the last
 * byte and empty again, so "disk full" is the kernel's ENOSPC, not a mock.
 * Mounting needs root, which the machines and CI have; elsewhere `mountSmallDisk`
 * returns a reason the caller gives to `t.skip`.
 */
export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the filesystem refuses another byte. */
  fill(): void;
  /** Removes the filler. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeMiB: number): SmallDisk | string {
  if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs for a real full disk';
  const dir = tempDir('small-disk');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir]);
  } catch (err) {
    return `cannot mount a tmpfs here: ${(err as Error).message}`;
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      // The last few bytes, so not even one more page fits.
      try { for (;;) writeSync(fd, chunk.subarray(0, 512)); } catch { /* full */ }
      fsyncSync(fd);
      closeSync(fd);
    },
    free() {
      if (existsSync(filler)) rmSync(filler);
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
    },
  };
}
