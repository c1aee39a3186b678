// Builds the standalone evidence verifier that every exported evidence package carries
// (main/audit/evidence/verifyEvidenceCli.ts): one CommonJS file, Node built-ins only, so an
// outsider can check a package with nothing but Node.
import { build } from 'esbuild';

await build({
  entryPoints: ['main/audit/evidence/verifyEvidenceCli.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outfile: 'out/evidence/verify-evidence.cjs',
  banner: {
    js: '// Sori Desk evidence package verifier. Usage: node verify-evidence.cjs <folder>',
  },
  logLevel: 'warning',
});
