// Builds the consoles into ../wwwroot: the pages and styles of public/ are copied, the scripts of src/ are bundled
// (with @microsoft/signalr and Chart.js from node_modules) into wwwroot/js. Run by the host's build (see
// CrmHub.Host.csproj) or by hand: `npm ci && npm run build`.
import * as esbuild from "esbuild";
import { cp, rm, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const wwwroot = here("../wwwroot/");

await rm(wwwroot, { recursive: true, force: true });
await mkdir(wwwroot, { recursive: true });
await cp(here("public/"), wwwroot, { recursive: true });
await esbuild.build({
  entryPoints: [here("src/signin.js"), here("src/agent.js"), here("src/supervisor.js")],
  outdir: here("../wwwroot/js/"),
  bundle: true,
  format: "esm",
  splitting: true,
  minify: true,
  sourcemap: true,
  target: ["es2022"],
  legalComments: "linked",
  logLevel: "warning",
});
