import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** `herald serve` as a real child process, for tests that kill it. */
export interface HeraldProcess { child: ChildProcess; url: string; output: string[] }

export async function spawnHerald(env: Record<string, string>, args: string[] = []): Promise<HeraldProcess> {
  const child = spawn(process.execPath, ['src/cli/main.ts', 'serve', '--port', '0', ...args], {
    env: { ...process.env, HERALD_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    // A child left running after a failed start would keep the test process (and the suite) alive forever.
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`herald did not start in 30 s: ${output.join('')}`)); }, 30_000);
    lines.on('line', (line) => {
      output.push(line);
      const m = /"url":"([^"]+)".*herald is listening/.exec(line);
      if (m !== null) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`herald exited with ${code}: ${output.join('\n')}`)); });
  });
  return { child, url, output };
}

export async function kill(p: HeraldProcess, signal: NodeJS.Signals): Promise<number | null> {
  // A child killed by a signal has exitCode null and signalCode set: already gone, no 'exit' will come again.
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  const exited = once(p.child, 'exit');
  p.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}
