// electron-builder afterPack hook (electron-builder.yml): refuse a package whose SQLite driver
// was not built for Electron. `electron-builder install-app-deps` and a rebuild with
// npm_config_nodedir set both "succeed" while compiling against Node's headers; the app would
// then fail on its first database open, on the agent's desk. A V8-API addon names the ABI it was
// built for in its registration symbol (node_register_module_v<ABI>), in every binary format.
import fs from 'node:fs';
import path from 'node:path';

/** The SQLite drivers the app may ship; each one listed in dependencies must be unpacked. */
export const SQLITE_DRIVERS = ['better-sqlite3', 'better-sqlite3-multiple-ciphers'];
const ADDON = 'build/Release/better_sqlite3.node';

/** Electron's NODE_MODULE_VERSION, from the installed electron package. */
export function electronAbi(projectDir) {
  const file = path.join(projectDir, 'node_modules/electron/abi_version');
  if (!fs.existsSync(file))
    throw new Error(`afterPack: ${file} is missing; is electron installed?`);
  return fs.readFileSync(file, 'utf8').trim();
}

/** The ABIs a native addon registers for (one per slice of a universal macOS binary). */
export function addonAbis(file) {
  const text = fs.readFileSync(file).toString('latin1');
  return [...new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => m[1]))];
}

/**
 * Checks every driver's addon under `resourcesDir`/app.asar.unpacked. Returns the files checked;
 * throws one error naming every problem.
 */
export function checkNativeModules({ resourcesDir, abi, drivers }) {
  const problems = [];
  const checked = [];
  for (const driver of drivers) {
    const file = path.join(resourcesDir, 'app.asar.unpacked/node_modules', driver, ADDON);
    if (!fs.existsSync(file)) {
      problems.push(`${driver}: ${ADDON} is not in app.asar.unpacked (check asarUnpack)`);
      continue;
    }
    const abis = addonAbis(file);
    if (abis.length === 0 || abis.some((found) => found !== abi)) {
      problems.push(
        `${driver}: built for ABI ${abis.join(', ') || 'unknown'}, Electron needs ${abi} ` +
          '(rebuild for Electron: npmRebuild, or electron-rebuild, without npm_config_nodedir)',
      );
      continue;
    }
    checked.push(file);
  }
  if (problems.length > 0) throw new Error(`afterPack: ${problems.join('; ')}`);
  return checked;
}

/** @param {import('app-builder-lib').AfterPackContext} context */
export async function afterPack(context) {
  const { packager, appOutDir } = context;
  const projectDir = packager.info.projectDir;
  const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const dependencies = Object.keys(manifest.dependencies ?? {});
  checkNativeModules({
    resourcesDir: packager.getResourcesDir(appOutDir),
    abi: electronAbi(projectDir),
    drivers: SQLITE_DRIVERS.filter((driver) => dependencies.includes(driver)),
  });
}
