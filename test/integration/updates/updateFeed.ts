import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Channel = 'latest' | 'beta' | 'alpha';

export interface PublishedRelease {
  version: string;
  /** The artifact's bytes (default: a few KB of random bytes). */
  artifact?: Buffer;
  /** Announce a different checksum than the artifact has (a corrupted or tampered upload). */
  wrongChecksum?: boolean;
}

export interface UpdateFeed {
  /** The feed's base URL, as IT would put it in `updates.feedUrl`. */
  url: string;
  /** Every request's path (without the query electron-updater adds), in order. */
  requests: string[];
  /** The channels whose channel file (latest.yml, beta-linux.yml, …) was asked for, in order. */
  channelsAsked(): Channel[];
  /** Artifact downloads, in order. */
  downloads(): string[];
  publish(channel: Channel, release: PublishedRelease): { fileName: string; sha512: string };
  /** Runs once when the next artifact download starts (e.g. a call rings meanwhile). */
  onNextDownload(hook: () => void): void;
  close(): Promise<void>;
}

const BASE_PATH = '/sori-desk/updates';
// electron-updater's channel file: <channel>.yml on Windows, <channel>-mac.yml, <channel>-linux[-arch].yml.
const CHANNEL_FILE = /^(latest|beta|alpha)(?:-mac|-linux(?:-[a-z0-9_]+)?)?\.yml$/;

/**
 * An electron-updater "generic" feed on 127.0.0.1, as electron-builder publishes one: a channel
 * file in YAML (version, files with sha512 and size, path, sha512, releaseDate) per channel and
 * platform, next to the artifacts it names.
 */
export async function startUpdateFeed(): Promise<UpdateFeed> {
  const releases = new Map<Channel, { yaml: string }>();
  const artifacts = new Map<string, Buffer>();
  const requests: string[] = [];
  let downloadHook: (() => void) | null = null;

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://feed').pathname;
    requests.push(pathname);
    if (!pathname.startsWith(`${BASE_PATH}/`)) return notFound(res);
    const name = pathname.slice(BASE_PATH.length + 1);
    const channel = CHANNEL_FILE.exec(name)?.[1] as Channel | undefined;
    if (channel) {
      const release = releases.get(channel);
      if (!release) return notFound(res);
      res.writeHead(200, { 'content-type': 'text/yaml' });
      return res.end(release.yaml);
    }
    const artifact = artifacts.get(decodeURIComponent(name));
    if (!artifact) return notFound(res);
    const hook = downloadHook;
    downloadHook = null;
    hook?.();
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': artifact.length,
    });
    res.end(artifact);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    requests,
    channelsAsked: () =>
      requests
        .map((p) => CHANNEL_FILE.exec(p.slice(BASE_PATH.length + 1))?.[1] as Channel | undefined)
        .filter((c): c is Channel => c !== undefined),
    downloads: () =>
      requests.filter((p) => p.startsWith(`${BASE_PATH}/`) && /\.(deb|exe|AppImage|zip)$/.test(p)),
    publish(channel, release) {
      const bytes = release.artifact ?? crypto.randomBytes(4096);
      const fileName = `sori-desk_${release.version}_amd64.deb`;
      const sha512 = crypto
        .createHash('sha512')
        .update(release.wrongChecksum ? Buffer.concat([bytes, Buffer.from('x')]) : bytes)
        .digest('base64');
      artifacts.set(fileName, bytes);
      // As electron-builder writes it (the deprecated top-level path/sha512 included).
      releases.set(channel, {
        yaml: [
          `version: ${release.version}`,
          'files:',
          `  - url: ${fileName}`,
          `    sha512: ${sha512}`,
          `    size: ${bytes.length}`,
          `path: ${fileName}`,
          `sha512: ${sha512}`,
          `releaseDate: '2026-12-01T09:00:00.000Z'`,
          '',
        ].join('\n'),
      });
      return { fileName, sha512 };
    },
    onNextDownload(hook) {
      downloadHook = hook;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function notFound(res: http.ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}
