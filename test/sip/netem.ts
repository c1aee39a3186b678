// Packet loss on the media relay's ports only, for tests of how the app copes with a bad network:
// UDP datagrams *from* a port range (rtpengine's media ports, `sipStackPorts(base).rtpengineMin
// ..rtpengineMax`) are dropped at random on their way in, so both legs rtpengine sends (to the
// app and to the baresip customer) lose packets while SIP signalling, and media sent *to*
// rtpengine, stay untouched.
//
// Why netfilter and not `tc qdisc … netem loss`: the kernels these tests run on may be built
// without sch_netem (the current one has neither netem nor prio: "Specified qdisc kind is
// unknown"), while iptables' `statistic` match (random drop) is part of every ordinary netfilter
// build. Dropping in INPUT rather than OUTPUT makes it look like loss on a wire: the sender's
// sendto() succeeds (a DROP in OUTPUT would hand rtpengine EPERM).
//
// Only inside the loopback-only test namespace (scripts/in-netns.mjs): there the firewall is the
// namespace's own and empty, and this never touches the host's. Media is IPv4 (127.0.0.1) only.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** A range of UDP source ports, both ends included. */
export interface PortRange {
  first: number;
  last: number;
}

/** Whether {@link addMediaLoss} can work here, and if not, why (for a skipped suite's title). */
export type MediaLossSupport = { usable: true } | { usable: false; reason: string };

const run = promisify(execFile);

/** Marks the rules in `iptables -S` output, so a person looking at the namespace knows them. */
const RULE_COMMENT = 'sori-test-media-loss';

/** `iptables` on PATH or in the sbin directories (not always on PATH, even for root). */
function findIptables(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'iptables');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

let support: MediaLossSupport | undefined;

/**
 * Whether media loss can be added: inside the test namespace (SORI_IN_NETNS=1), with `iptables`
 * installed and a kernel that takes its `statistic` match. The kernel is asked with a rule in a
 * chain of its own that no packet passes through, deleted at once. Synchronous, so it can decide
 * a `describe.skipIf`; the answer is cached.
 */
export function mediaLossSupport(): MediaLossSupport {
  if (process.env.SORI_IN_NETNS !== '1') {
    return {
      usable: false,
      reason:
        'not in the loopback-only test namespace (run through node scripts/in-netns.mjs); ' +
        "packet loss is never added to the host's firewall",
    };
  }
  if (support) return support;
  const iptables = findIptables();
  if (!iptables) {
    support = {
      usable: false,
      reason: 'iptables is not installed (Debian package iptables, see test/sip/install-deps.sh)',
    };
    return support;
  }
  const chain = `sori-probe-${process.pid}`;
  const iptablesSync = (...args: string[]) =>
    spawnSync(iptables, ['-w', ...args], { encoding: 'utf8' });
  const created = iptablesSync('-N', chain);
  if (created.status !== 0) {
    support = {
      usable: false,
      reason: `iptables cannot create a chain: ${(created.stderr || String(created.error)).trim()}`,
    };
    return support;
  }
  try {
    const probe = iptablesSync(
      '-A',
      chain,
      '-p',
      'udp',
      '-m',
      'statistic',
      '--mode',
      'random',
      '--probability',
      '0.5',
      '-j',
      'DROP',
    );
    support =
      probe.status === 0
        ? { usable: true }
        : {
            usable: false,
            reason: `the kernel refuses iptables' statistic match: ${probe.stderr.trim()}`,
          };
  } finally {
    iptablesSync('-F', chain);
    iptablesSync('-X', chain);
  }
  return support;
}

function checkArguments(ports: PortRange, lossPercent: number): void {
  const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65_535;
  if (!isPort(ports.first) || !isPort(ports.last) || ports.first > ports.last) {
    throw new RangeError(`addMediaLoss: bad port range ${ports.first}..${ports.last}`);
  }
  if (!Number.isFinite(lossPercent) || lossPercent <= 0 || lossPercent > 100) {
    throw new RangeError(`addMediaLoss: loss must be in (0, 100] percent, got ${lossPercent}`);
  }
}

/**
 * Drops `lossPercent` % of the UDP datagrams sent from `ports` (at random, each on its own), on
 * arrival at their receiver inside the test namespace. Resolves with the undo, which removes
 * exactly this rule (other losses added meanwhile stay) and may be called more than once.
 * Several losses on overlapping ranges compound.
 *
 * @throws RangeError for a bad range or percentage; Error when {@link mediaLossSupport} says no
 */
export async function addMediaLoss(
  ports: PortRange,
  lossPercent: number,
): Promise<() => Promise<void>> {
  checkArguments(ports, lossPercent);
  const supported = mediaLossSupport();
  if (!supported.usable) throw new Error(`addMediaLoss: ${supported.reason}`);
  const iptables = findIptables() ?? 'iptables';

  const rule = [
    'INPUT',
    '-p',
    'udp',
    '--sport',
    `${ports.first}:${ports.last}`,
    '-m',
    'statistic',
    '--mode',
    'random',
    '--probability',
    String(lossPercent / 100),
    '-m',
    'comment',
    '--comment',
    RULE_COMMENT,
    '-j',
    'DROP',
  ];
  const iptablesAsync = async (action: '-I' | '-D') => {
    try {
      await run(iptables, ['-w', action, ...rule]);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`iptables ${action} ${rule.join(' ')} failed: ${stderr || String(error)}`, {
        cause: error,
      });
    }
  };

  await iptablesAsync('-I');
  let removed: Promise<void> | undefined;
  // Identical rules are interchangeable, so deleting "one rule like this" removes ours even when
  // another caller added the same loss on the same ports.
  return () => (removed ??= iptablesAsync('-D'));
}
