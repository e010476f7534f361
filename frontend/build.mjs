// Build HoloMat's cards into custom_components/holomat/frontend/dist/ (committed: HACS users need
// no node), or check that the committed bundle was built from the sources as they are now.
//
//   node build.mjs           build (scripts/setup runs it, through `npm run build`, when stale)
//   node build.mjs --check   exit 1 when the bundle is missing or older than its sources
//
// The main bundle's first line names the SHA-256 of the sources it was built from; the
// integration's tests (tests/frontend/test_bundle.py) recompute it the same way: over SOURCES
// sorted by path, each as "<path>\0<bytes>\0".
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(HERE, "..", "custom_components", "holomat", "frontend", "dist");
const ENTRY = "holomat-cards";
const SOURCE_FILES = ["build.mjs", "package.json", "package-lock.json", "tsconfig.json"];

function sourcePaths() {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  const paths = [...SOURCE_FILES.map((name) => join(HERE, name)), ...walk(join(HERE, "src"))];
  return paths.map((path) => relative(HERE, path).split(sep).join("/")).sort();
}

export function sourcesHash() {
  const hash = createHash("sha256");
  for (const path of sourcePaths()) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(HERE, path)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const header = (hash) => `/*! HoloMat cards, built from sources sha256=${hash} */`;

function upToDate(hash) {
  const bundle = join(OUT_DIR, `${ENTRY}.js`);
  return existsSync(bundle) && readFileSync(bundle, "utf8").startsWith(header(hash));
}

async function build(hash) {
  const { build: esbuild } = await import("esbuild");
  rmSync(OUT_DIR, { recursive: true, force: true });
  await esbuild({
    entryPoints: { [ENTRY]: join(HERE, "src", "index.ts") },
    outdir: OUT_DIR,
    bundle: true,
    splitting: true, // three.js goes to a chunk the model card imports when it is on screen
    format: "esm",
    target: "es2022",
    minify: true,
    legalComments: "none",
    chunkNames: "[name]-[hash]",
    logLevel: "info",
  });
  // Only the entry gets the header: a chunk's name stays its content's hash, so an unchanged
  // three.js chunk keeps its name (and the browser's cache) across builds.
  const bundle = join(OUT_DIR, `${ENTRY}.js`);
  writeFileSync(bundle, `${header(hash)}\n${readFileSync(bundle, "utf8")}`);
}

const hash = sourcesHash();
if (process.argv.includes("--check")) {
  if (!upToDate(hash)) {
    console.error(`${relative(process.cwd(), OUT_DIR)} is older than frontend/: run npm run build`);
    process.exit(1);
  }
} else {
  await build(hash);
}
