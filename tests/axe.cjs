// Runs axe-core (the WCAG 2.0/2.1 A and AA rules) in the system's headless Chromium over the HTML
// files given as arguments, each at a desktop and a phone width, and prints the violations as
// JSON: [{file, width, id, impact, help, nodes: [target...]}], with three checks of its own: the
// page scrolls sideways, a table is wider than its column, a column of numbers is not aligned to
// the right. playwright-core and axe-core come
// from npm (.ci/install-tools puts them into tests/.cache); playwright-core downloads no browser,
// it drives /usr/bin/chromium. Exit 0 either way; the test reads the list.
"use strict";
const fs = require("fs");
const path = require("path");

const modules = path.join(__dirname, ".cache", "node_modules");
const { chromium } = require(path.join(modules, "playwright-core"));
const axeSource = fs.readFileSync(path.join(modules, "axe-core", "axe.min.js"), "utf8");
const WIDTHS = [1280, 375];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const found = [];
  try {
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      for (const file of process.argv.slice(2)) {
        await page.goto("file://" + path.resolve(file));
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
          TAGS,
        );
        for (const v of result.violations) {
          found.push({ file, width, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) });
        }
        // Wider than the viewport means a reader must scroll sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) found.push({ file, width, id: "horizontal-scroll", impact: "serious", help: `the page is ${overflow}px wider than the window`, nodes: [] });
        // A table reaching past the right edge of the box it stands in (a figure's grid, a column)
        // pokes past the text around it, though the page may not scroll sideways; one inside a
        // box that scrolls sideways is meant to be wider.
        const wide = await page.evaluate(() => {
          const out = [];
          for (const table of document.querySelectorAll("table")) {
            let box = table.parentElement;
            let scrolls = false;
            for (let up = box; up; up = up.parentElement) {
              if (getComputedStyle(up).overflowX !== "visible") scrolls = true;
            }
            if (scrolls || !box) continue;
            const style = getComputedStyle(box);
            const right = box.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
            const past = table.getBoundingClientRect().right - right;
            if (past > 1) out.push(`${table.className || "table"} in ${box.className || box.tagName.toLowerCase()}: ${Math.round(past)}px`);
          }
          return out;
        });
        if (wide.length) found.push({ file, width, id: "table-past-its-column", impact: "serious", help: "a table is wider than the column it stands in", nodes: wide.slice(0, 5) });
        // A column of counts reads down its units: every body cell of a column that holds only
        // whole numbers is aligned to the right, as its header is.
        const ragged = await page.evaluate(() => {
          const out = [];
          document.querySelectorAll("table").forEach((table, t) => {
            const rows = [...table.querySelectorAll("tbody tr")].map((r) => [...r.children]);
            const columns = Math.max(0, ...rows.map((r) => r.length));
            for (let c = 0; c < columns; c++) {
              const cells = rows.map((r) => r[c]).filter((cell) => cell && cell.tagName === "TD");
              if (!cells.length || !cells.every((cell) => /^\d[\d\s\u00a0]*$/.test(cell.textContent.trim()))) continue;
              const heads = [...table.querySelectorAll("thead tr")].map((r) => r.children[c]).filter(Boolean);
              const left = [...cells, ...heads].filter((cell) => getComputedStyle(cell).textAlign !== "right");
              if (left.length) out.push(`${table.className || "table " + (t + 1)}, column ${c + 1}: ${left.length} cells not right-aligned`);
            }
          });
          return out;
        });
        if (ragged.length) found.push({ file, width, id: "numbers-not-right-aligned", impact: "minor", help: "a column of numbers is not aligned to the right", nodes: ragged.slice(0, 5) });
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(found) + "\n");
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + "\n");
  process.exit(2);
});
