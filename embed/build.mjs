// Builds the shipped embed scripts: embed/js/*.js (readable) -> embed/static/*.js (minified,
// with source maps). Usage: node embed/build.mjs [output directory]
// embed-more.js is built first: embed.js loads it by a URL carrying its digest
// (EMBED_MORE_DIGEST), which the server answers with long-lived, immutable caching.
import { createHash } from "node:crypto";
import { transform } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, "static");
const files = ["embed-more.js", "embed.js", "hosted-form.js", "share.js"];
const define = {};

await mkdir(out, { recursive: true });
for (const name of files) {
  const source = await readFile(join(here, "js", name), "utf8");
  const result = await transform(source, {
    minify: true,
    target: "es2018",
    sourcemap: "external",
    sourcefile: `js/${name}`,
    legalComments: "inline",
    define,
  });
  const built = `${result.code}//# sourceMappingURL=${name}.map\n`;
  await writeFile(join(out, name), built);
  if (name === "embed-more.js") {
    const digest = createHash("sha256").update(built).digest("hex").slice(0, 12);
    define.EMBED_MORE_DIGEST = JSON.stringify(digest);
  }
  await writeFile(join(out, `${name}.map`), result.map);
}
