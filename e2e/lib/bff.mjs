// A BFF of a test file's own, with its embedded sandbox, for tests that need settings of their
// own (time limits, clerk accounts, a plain city): started on free loopback ports with a
// throw-away data folder, stopped (and the folder removed) by `stop()`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const bffBin = process.env.HUIYIN_BFF_BIN || join(root, 'target/debug/huiyin-bff');
const distDir = process.env.HUIYIN_DIST_DIR || join(root, 'dist');

/** Starts `huiyin-bff` with `args` after the common ones; `name` tags its data folder. */
export async function startBff(args = [], { name = 'own' } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `huiyin-${name}-`));
  const env = { ...process.env, RUST_LOG: 'warn' };
  // What the suite's shared BFF was told must not reach this one.
  delete env.HUIYIN_UPSTREAM;
  delete env.HUIYIN_UPSTREAM_PROFILE;
  delete env.HUIYIN_SANDBOX_DEMO_INTERVAL_SECS;
  const child = spawn(
    bffBin,
    ['--listen', '127.0.0.1:0', '--sandbox-listen', '127.0.0.1:0', '--data-dir', dataDir,
      '--dist-dir', distDir, '--rate-limit-burst', '2000', ...args],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { url, sandboxUrl } = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('the BFF did not start within 30 s')), 30_000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const serving = /Huiyin is serving at (\S+)/.exec(seen);
      const sandbox = /Embedded sandbox at (\S+)/.exec(seen);
      if (serving && sandbox) {
        clearTimeout(timer);
        resolve({ url: serving[1], sandboxUrl: sandbox[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`the BFF exited with ${code}`)));
  });
  return {
    url,
    sandboxUrl,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
