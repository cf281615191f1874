import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The store package's own holder: opens the store, says "ready", closes it when stdin ends.
const holder = fileURLToPath(new URL('../../../../packages/store/tests/fixtures/holdStore.ts', import.meta.url));
const cwd = fileURLToPath(new URL('../../', import.meta.url));

/** A process that has a database open, as a running chat would. */
export interface HeldDatabase {
  readonly pid: number;
  /** Closes the store in the holder and waits for it to exit. */
  release(): Promise<void>;
}

/**
 * Opens the database in another process and resolves once it says so (no sleeps). Another
 * process, not this one: a test that reads the file with its own descriptors would drop
 * this process's SQLite locks (POSIX locks belong to the process, and closing any
 * descriptor of the file releases them all).
 */
export function holdDatabase(file: string): Promise<HeldDatabase> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', holder, file], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code} before it was ready: ${err}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('ready\n')) return;
      resolve({
        pid: child.pid!,
        release: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin!.end();
          }),
      });
    });
  });
}
