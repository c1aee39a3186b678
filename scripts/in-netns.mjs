#!/usr/bin/env node
// Runs a command inside a fresh network namespace whose only interface is loopback:
//
//   node scripts/in-netns.mjs npx vitest run --project integration test/integration/sip
//
// Why: the SIP/WebRTC tests bind fixed ports (Kamailio, rtpengine, baresip) and run Chromium.
// In a private namespace those ports never collide with daemons on the host (the Debian packages
// may have started kamailio/rtpengine on 5060/2223), Chromium gathers ICE candidates on 127.0.0.1
// only, and anything that tries to reach the outside world fails at once instead of timing out.
//
// The child sees SORI_IN_NETNS=1; test files use it to decide whether SIP tests may run, and this
// script uses it to avoid nesting namespaces when it is called again from inside one.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node scripts/in-netns.mjs <command> [args...]\n');
  process.exit(2);
}

/** True when `file` exists and is executable by us. */
function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Lets `node scripts/in-netns.mjs vitest ...` work outside npm scripts (which put
 * node_modules/.bin on PATH): a bare name not found on PATH is looked up in node_modules/.bin.
 */
function resolveCommand(name) {
  if (name.includes('/')) return name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return name;
  }
  for (const dir of [process.cwd(), repoRoot]) {
    const local = path.join(dir, 'node_modules', '.bin', name);
    if (isExecutable(local)) return local;
  }
  return name;
}

/** Fails early, with a sentence a person can act on, when namespaces are not available. */
function checkUnshare() {
  const probe = spawnSync('unshare', ['--net', '--', 'ip', 'link', 'set', 'lo', 'up'], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return;
  const reason = probe.error
    ? probe.error.message
    : (probe.stderr || `exit ${probe.status}`).trim();
  process.stderr.write(
    `in-netns: cannot create a loopback-only network namespace (${reason}).\n` +
      'The SIP/WebRTC tests run Kamailio, rtpengine, baresip and Chromium inside one so that their\n' +
      'fixed ports never collide with host daemons and no packet leaves 127.0.0.1. That needs root\n' +
      '(CAP_SYS_ADMIN) and the `unshare` and `ip` tools (util-linux, iproute2): run the tests as root.\n',
  );
  process.exit(1);
}

/** Pids of every process in network namespace `nsId` (e.g. 'net:[4026532281]'), except us. */
function processesInNamespace(nsId) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/ns/net`) === nsId) pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours to inspect
    }
  }
  return pids;
}

/**
 * Ends whatever the command left running in its namespace. Wrappers between us and the real
 * work (npx -> npm -> sh -> vitest) do not all pass signals on, and a killed test worker orphans
 * its Kamailio and baresip; without this they would hold on to their ports and CPU forever.
 * Everything in the namespace was started by this script's command, so nothing else is touched.
 */
async function sweepNamespace(nsId) {
  if (!nsId) return;
  const signalAll = (signal) => {
    for (const pid of processesInNamespace(nsId)) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  if (processesInNamespace(nsId).length === 0) return;
  signalAll('SIGTERM');
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && processesInNamespace(nsId).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  signalAll('SIGKILL');
}

const resolved = resolveCommand(command);
const env = { ...process.env, SORI_IN_NETNS: '1' };
let child;
let namespaceId;
let namespaceReported = Promise.resolve();
if (process.env.SORI_IN_NETNS === '1') {
  child = spawn(resolved, args, { stdio: 'inherit', env });
} else {
  checkUnshare();
  // unshare (without --fork) and bash both exec, so the child's pid ends up being the command
  // itself and forwarded signals reach it directly. Before that, bash reports the namespace's
  // id on fd 3 (then closes it) so that leftovers can be found when the command ends.
  child = spawn(
    'unshare',
    [
      '--net',
      '--',
      'bash',
      '-c',
      'ip link set lo up && readlink /proc/self/ns/net >&3 && exec 3>&- && exec "$@"',
      'netns',
      resolved,
      ...args,
    ],
    { stdio: ['inherit', 'inherit', 'inherit', 'pipe'], env },
  );
  let reported = '';
  const report = child.stdio[3];
  report.on('data', (chunk) => {
    reported += chunk.toString();
    namespaceId = reported.trim() || undefined;
  });
  // 'exit' can overtake the last 'data'; the pipe closes right after the id is written.
  namespaceReported = new Promise((resolve) => report.once('close', resolve));
}

const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of forwardedSignals) process.on(signal, forward);

child.on('error', (error) => {
  process.stderr.write(`in-netns: cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});

child.on('exit', async (code, signal) => {
  await Promise.race([namespaceReported, new Promise((resolve) => setTimeout(resolve, 1000))]);
  await sweepNamespace(namespaceId);
  if (signal) {
    // Die of the same signal so callers (shells, CI) see what happened to the command.
    for (const s of forwardedSignals) process.off(s, forward);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
